package parallel

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestMapKeepsOrder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		workers int
		n       int
	}{
		{"empty", 4, 0},
		{"one worker", 1, 10},
		{"default workers", 0, 1000},
		{"more workers than work", 64, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := make([]int, tc.n)
			for i := range in {
				in[i] = i
			}
			var calls atomic.Int64
			out := Map(tc.workers, in, func(v int) int { calls.Add(1); return v * v })
			if len(out) != tc.n || int(calls.Load()) != tc.n {
				t.Fatalf("got %d results from %d calls, want %d", len(out), calls.Load(), tc.n)
			}
			for i, v := range out {
				if v != i*i {
					t.Fatalf("out[%d] = %d, want %d", i, v, i*i)
				}
			}
		})
	}
}

func TestMapRunsConcurrently(t *testing.T) {
	// Four calls that each wait until all four have started can only
	// finish when they run at the same time.
	const n = 4
	var started atomic.Int64
	release := make(chan struct{})
	in := make([]int, n)
	done := make(chan []int)
	go func() {
		done <- Map(n, in, func(int) int {
			if started.Add(1) == n {
				close(release)
			}
			<-release
			return 1
		})
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the calls never ran at the same time")
	}
}
