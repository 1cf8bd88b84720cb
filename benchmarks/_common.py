"""What every benchmark here shares: one BLAS thread, and side-by-side timing.

Import this module before NumPy.  On a small shared machine a multi-threaded
BLAS makes timings of small matrix products erratic, so every benchmark pins
it to one thread, both through the environment (read when NumPy loads) and
through threadpoolctl (for a BLAS that was loaded already).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

threadpool_limits(1)


def machine() -> str:
    """One line naming the CPU, Python, NumPy and its BLAS."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    blas = ", ".join(
        f"{p.get('internal_api')} {p.get('version')} ({p.get('num_threads')} thread)"
        for p in threadpool_info()
        if p.get("user_api") == "blas"
    )
    return (
        f"{cpu}; {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"NumPy {np.__version__}; BLAS {blas}"
    )


def verdict(met: bool) -> str:
    """How every benchmark reports an issue's target: "meets" or "MISSES"."""
    return "meets" if met else "MISSES"


def side_by_side(contenders: dict[str, Callable[[], object]], rounds: int, calls: int) -> dict:
    """Median seconds per call of each contender, timed in alternating rounds.

    Alternating (A B A B ...) rather than all-A-then-all-B means a slow patch on
    a shared machine hits every contender alike, so the *ratios* stay honest.
    """
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for fn in contenders.values():  # warm caches and allocator once
        fn()
    for _ in range(rounds):
        for name, fn in contenders.items():
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            samples[name].append((time.perf_counter() - start) / calls)
    return {name: statistics.median(times) for name, times in samples.items()}
