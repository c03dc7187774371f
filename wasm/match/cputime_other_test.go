//go:build !linux

package match_test

// threadCPU is 0 where this thread's CPU time is not read: no MB/s-cpu.
func threadCPU() float64 { return 0 }
