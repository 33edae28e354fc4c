package provenance

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBandIndexFindsSharers checks the index against a direct search over
// every report added: it finds every report that shares a band key, and a
// report that shares none only when its key agrees in the top 32 bits.
func TestBandIndexFindsSharers(t *testing.T) {
	for _, n := range []int{0, 1, 50, 3000} { // 3,000 reports merge many times
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(n), 7))
			x := NewBandIndex()
			keys := map[string][]uint64{}
			var pool []uint64 // keys that several reports share, as copies do
			for i := range n {
				id := fmt.Sprintf("r%05d", i)
				var ks []uint64
				for range Bands {
					var k uint64
					switch rng.IntN(10) {
					case 0:
						if len(pool) > 0 {
							k = pool[rng.IntN(len(pool))]
							break
						}
						fallthrough
					default:
						k = rng.Uint64()
						if rng.IntN(20) == 0 { // agrees with a pooled key in the top half only
							if len(pool) > 0 {
								k = pool[rng.IntN(len(pool))]&^0xffffffff | uint64(rng.Uint32())
							}
						}
						pool = append(pool, k)
					}
					ks = append(ks, k)
				}
				keys[id] = append(keys[id], ks...)
				x.Add(int64(i/100+1), id, ks)
				if rng.IntN(30) == 0 && i > 0 { // a report analysed again
					old := fmt.Sprintf("r%05d", rng.IntN(i))
					more := []uint64{rng.Uint64()}
					keys[old] = append(keys[old], more...)
					x.Add(int64(i/100+1), old, more)
				}
			}
			if x.Len() != n {
				t.Errorf("Len() = %d, want %d", x.Len(), n)
			}
			if want := int64((n-1)/100 + 1); n > 0 && x.Generation() != want {
				t.Errorf("Generation() = %d, want %d", x.Generation(), want)
			}
			for q := range 200 {
				var ask []uint64
				if q%2 == 0 && len(pool) > 0 {
					ask = []uint64{pool[rng.IntN(len(pool))], pool[rng.IntN(len(pool))]}
				} else {
					ask = []uint64{rng.Uint64()}
				}
				got := x.Sharing(ask)
				if !slices.IsSorted(got) {
					t.Fatalf("Sharing(%x) not sorted: %v", ask, got)
				}
				for id, ks := range keys {
					exact, top := false, false
					for _, k := range ks {
						for _, a := range ask {
							exact = exact || k == a
							top = top || k>>32 == a>>32
						}
					}
					_, found := slices.BinarySearch(got, id)
					if exact && !found {
						t.Fatalf("Sharing(%x) misses %s, which has one of the keys", ask, id)
					}
					if found && !top {
						t.Fatalf("Sharing(%x) finds %s, which shares no key's top 32 bits", ask, id)
					}
				}
			}
		})
	}
}

// BenchmarkBandIndex adds the keys of a batch of 1,000 reports to an
// index of 250,000 and looks up the batch's keys, as one batch of the
// analysis does.
func BenchmarkBandIndex(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := NewBandIndex()
	ks := make([]uint64, Bands)
	for i := range 250_000 {
		for j := range ks {
			ks[j] = rng.Uint64()
		}
		x.Add(1, fmt.Sprint(i), ks)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		var ask []uint64
		for j := range 1000 {
			for k := range ks {
				ks[k] = rng.Uint64()
			}
			x.Add(int64(i+2), fmt.Sprint(i, "/", j), ks)
			ask = append(ask, ks...)
		}
		x.Sharing(ask)
	}
}
