"""``python -m tests.bench.peak -m MODULE ARGS…``: run MODULE as ``python -m MODULE ARGS…`` would,
then print the process's own peak memory to stderr as ``bench-peak-rss: BYTES (SOURCE)``.

Why a wrapper and not the parent's rusage: on Linux a child's ``ru_maxrss`` starts from the
high-water mark of the process it was forked from, so a child of a benchmark that just imported
40,000 rows reports the benchmark's own size. ``VmHWM`` of /proc/self/status belongs to the
memory image after exec and is exact; Windows reports its peak working set.
"""

from __future__ import annotations

import runpy
import sys

MARKER = "bench-peak-rss:"


def peak_rss() -> tuple[int, str] | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024, "VmHWM"
    except OSError:
        pass
    if sys.platform == "win32":
        return _windows_peak()
    try:
        import resource
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (rss if sys.platform == "darwin" else rss * 1024), "ru_maxrss"


def _windows_peak() -> tuple[int, str] | None:
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                    ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                    ("QuotaPeakPagedPoolUsage", ctypes.c_size_t), ("QuotaPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t), ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                    ("PagefileUsage", ctypes.c_size_t), ("PeakPagefileUsage", ctypes.c_size_t)]

    counters = Counters()
    counters.cb = ctypes.sizeof(counters)
    process = ctypes.windll.kernel32.GetCurrentProcess()
    if not ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb):
        return None
    return counters.PeakWorkingSetSize, "PeakWorkingSetSize"


def _report() -> None:
    peak = peak_rss()
    if peak is not None:
        sys.stderr.write(f"{MARKER} {peak[0]} ({peak[1]})\n")
        sys.stderr.flush()


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] != "-m":
        sys.exit("usage: python -m tests.bench.peak -m MODULE [ARGS...]")
    module = sys.argv[2]
    sys.argv = [module, *sys.argv[3:]]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        _report()


if __name__ == "__main__":
    main()
