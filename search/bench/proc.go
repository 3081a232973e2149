package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"
)

// peakRSS returns the peak resident set size (VmHWM) of the process with
// the given pid (0 for this one), in bytes, or -1 where /proc does not say.
func peakRSS(pid int) int64 {
	return procStatus(pid, "VmHWM:")
}

// procStatus reads one "Name: N kB" line of /proc/PID/status, in bytes.
func procStatus(pid int, key string) int64 {
	p := "/proc/self/status"
	if pid > 0 {
		p = fmt.Sprintf("/proc/%d/status", pid)
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		return -1
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) >= 2 && string(f[0]) == key {
			kb, err := strconv.ParseInt(string(f[1]), 10, 64)
			if err != nil {
				return -1
			}
			return kb << 10
		}
	}
	return -1
}

// resetPeakRSS starts a new peak: the kernel sets VmHWM to the current RSS
// when 5 is written to clear_refs (Linux 4.0 and later). It reports whether
// that worked, so that a peak that could not be reset is not passed off as
// the peak of one phase.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// Memory is what a process holds in memory, in bytes, -1 where the system
// does not tell (it reads Linux's /proc).
type Memory struct {
	// Peak is the peak resident set size (VmHWM).
	Peak int64
	// Anon is the resident memory that is not a file: mostly the Go heap
	// (the segmenter's dictionary, caches, garbage not yet collected).
	Anon int64
	// File is the resident pages of mapped files: the index's segments,
	// which bleve maps into memory, and the executable.
	File int64
}

// MemoryOf reports the memory of process pid (0 for this one). The bench
// command uses it on the server process it starts.
func MemoryOf(pid int) Memory {
	return Memory{Peak: procStatus(pid, "VmHWM:"), Anon: procStatus(pid, "RssAnon:"), File: procStatus(pid, "RssFile:")}
}

// cpuTime returns the user and system CPU time this process has used.
func cpuTime() time.Duration { return processCPU() }

// loadAverage returns the machine's 1-minute load average, or -1 where
// /proc/loadavg does not tell.
func loadAverage() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := bytes.Fields(raw)
	if len(f) == 0 {
		return -1
	}
	l, err := strconv.ParseFloat(string(f[0]), 64)
	if err != nil {
		return -1
	}
	return l
}
