package match_test

import "syscall"

// threadCPU is the CPU time of the calling thread in seconds: a benchmark
// loop locked to its thread measures its own work, not the time other
// processes held the core (this is a shared two-core machine).
func threadCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
