// Package parallel runs independent work on every core and keeps the
// results in input order, so that output never depends on scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Map calls f on every element of in, on up to workers goroutines at once
// (GOMAXPROCS when workers <= 0), and returns the results in the order of
// in. f must be safe to call from several goroutines.
func Map[T, R any](workers int, in []T, f func(T) R) []R {
	out := make([]R, len(in))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(in))
	if workers <= 1 {
		for i, v := range in {
			out[i] = f(v)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(in) {
					return
				}
				out[i] = f(in[i])
			}
		}()
	}
	wg.Wait()
	return out
}
