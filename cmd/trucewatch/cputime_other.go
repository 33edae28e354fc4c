//go:build !unix

package main

import "time"

// cpuTime is not measured here: bench ledger reports 0.
func cpuTime() time.Duration { return 0 }
