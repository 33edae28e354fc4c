package provenance

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/trucewatch/trucewatch"
)

// randomSignature returns a signature; with a base, a variant of it with
// some hashes changed (a copy when few are).
func randomSignature(rng *rand.Rand, base *Signature) Signature {
	var s Signature
	if base != nil {
		s = *base
		for range rng.IntN(Hashes) {
			s[rng.IntN(Hashes)] = rng.Uint64()
		}
		return s
	}
	for i := range s {
		s[i] = rng.Uint64()
	}
	return s
}

// sharesBand reports whether two signatures share a band key.
func sharesBand(a, b Signature) bool {
	bb := b.Bands()
	for i, k := range a.Bands() {
		if k == bb[i] {
			return true
		}
	}
	return false
}

// TestBandIndexFindsCopies checks the index against a direct comparison
// with every report added: it finds every report that shares a band key
// with the signature asked about and is its copy, and whatever else it
// finds shares a band key's top 32 bits and agrees in enough sketch bytes.
func TestBandIndexFindsCopies(t *testing.T) {
	for _, n := range []int{0, 1, 50, 2000} { // 2,000 reports merge several times
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(n), 7))
			x := NewBandIndex()
			sigs := map[string]Signature{}
			var all []Signature
			for i := range n {
				id := fmt.Sprintf("r%05d", i)
				var s Signature
				if len(all) > 0 && rng.IntN(3) == 0 {
					s = randomSignature(rng, &all[rng.IntN(len(all))])
				} else {
					s = randomSignature(rng, nil)
				}
				sigs[id], all = s, append(all, s)
				k := Keys(id, s)
				k.Generation = int64(i/100 + 1)
				x.Add(k)
				if rng.IntN(30) == 0 { // a report analysed again adds its keys again
					x.Add(k)
				}
			}
			if x.Len() != n {
				t.Errorf("Len() = %d, want %d", x.Len(), n)
			}
			if want := int64((n-1)/100 + 1); n > 0 && x.Generation() != want {
				t.Errorf("Generation() = %d, want %d", x.Generation(), want)
			}
			copies := 0
			for range 300 {
				var ask Signature
				if len(all) > 0 && rng.IntN(2) == 0 {
					ask = randomSignature(rng, &all[rng.IntN(len(all))])
				} else {
					ask = randomSignature(rng, nil)
				}
				got := x.Candidates(ask)
				if !slices.IsSorted(got) {
					t.Fatalf("Candidates not sorted: %v", got)
				}
				askKeys := Keys("", ask)
				for id, s := range sigs {
					_, found := slices.BinarySearch(got, id)
					if sharesBand(ask, s) && Similar(ask, s) {
						copies++
						if !found {
							t.Fatalf("Candidates misses %s, a copy that shares a band key", id)
						}
					}
					if !found {
						continue
					}
					top, same := false, 0
					for i, k := range Keys(id, s).Bands {
						top = top || k>>32 == askKeys.Bands[i]>>32
					}
					for i := range s {
						if byte(s[i]) == byte(ask[i]) {
							same++
						}
					}
					if !top || !enough(same) {
						t.Fatalf("Candidates finds %s: shares a band's top bits %v, agrees in %d sketch bytes", id, top, same)
					}
				}
			}
			if n >= 50 && copies == 0 {
				t.Error("no question had a copy to find: the test tests nothing")
			}
		})
	}
}

// TestBandIndexSkipsEmpty checks that keys without a sketch (an empty
// signature's) are not added.
func TestBandIndexSkipsEmpty(t *testing.T) {
	x := NewBandIndex()
	x.Add(trucewatch.BandKeys{ReportID: "a", Generation: 3})
	if x.Len() != 0 || x.Generation() != 0 {
		t.Errorf("after adding empty keys: Len %d, Generation %d; want 0, 0", x.Len(), x.Generation())
	}
}

// BenchmarkBandIndex adds the keys of a batch of 1,000 reports to an
// index of 250,000 and looks up each of them, as a batch of the analysis
// does.
func BenchmarkBandIndex(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := NewBandIndex()
	for i := range 250_000 {
		x.Add(Keys(fmt.Sprint(i), randomSignature(rng, nil)))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		batch := make([]Signature, 1000)
		for j := range batch {
			batch[j] = randomSignature(rng, nil)
			k := Keys(fmt.Sprint(i, "/", j), batch[j])
			k.Generation = int64(i + 2)
			x.Add(k)
		}
		for _, s := range batch {
			x.Candidates(s)
		}
	}
}
