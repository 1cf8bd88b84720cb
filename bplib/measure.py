"""Measuring in a chapter: time side by side, peak memory, and power-law slopes.

The chapters that time or weigh something (why backpropagation is fast,
vector–Jacobian products, memory and checkpointing) share these, so that
every such figure is measured the same way: contenders take turns round
after round (a busy moment on a shared machine slows all of them alike, so
their ratios stay honest), and memory is the peak that ``tracemalloc``
traces, which counts NumPy's arrays and varies by only a few kB between runs.
"""

from __future__ import annotations

import time
import timeit
import tracemalloc
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["take_turns", "peak_bytes", "slope"]


def take_turns(
    fns: Sequence[Callable[[], object]],
    rounds: int = 7,
    seconds: float = 0.01,
    timer: Callable[[], float] = time.perf_counter,
) -> np.ndarray:
    """Seconds per call of each function: shape (len(fns), rounds), one column per round.

    In every round each function runs for about ``seconds`` (at least one
    call), in turn.  Report medians and spreads over the rounds, and compare
    functions through ratios taken within a round.  ``timer`` is the clock:
    the wall clock by default, or ``time.process_time`` for this process's
    CPU time, which other programs on a shared machine inflate less.
    """
    if not fns or not all(callable(f) for f in fns):
        raise TypeError(f"fns: expected a non-empty sequence of functions, got {fns!r}")
    if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 1:
        raise ValueError(f"rounds: expected a positive integer, got {rounds!r}")
    if not isinstance(seconds, (int, float)) or not seconds > 0:
        raise ValueError(f"seconds: expected a positive number, got {seconds!r}")
    if not callable(timer):
        raise TypeError(
            f"timer: expected a clock function such as time.process_time, got {timer!r}"
        )

    def clock(f, number):
        return timeit.timeit(f, number=number, timer=timer)

    # a call too fast for the clock to see (CPU clocks tick coarsely) counts as 1 µs
    calls = [max(1, int(seconds / max(clock(f, 1), 1e-6))) for f in fns]
    times = np.zeros((len(fns), rounds))
    for k in range(rounds):
        for i, (f, c) in enumerate(zip(fns, calls)):
            times[i, k] = clock(f, c) / c
    return times


def peak_bytes(fn: Callable[[], object]) -> int:
    """The peak memory ``tracemalloc`` traces while ``fn()`` runs, in bytes.

    Counts what is allocated during the call (NumPy's arrays among it), not
    what existed before it.
    """
    if not callable(fn):
        raise TypeError(f"fn: expected a function, got {fn!r}")
    if tracemalloc.is_tracing():
        raise RuntimeError("peak_bytes: tracemalloc is already tracing; stop it first")
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def slope(x, y) -> float:
    """The exponent p of a least-squares fit y ∝ x**p on log–log axes."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError(
            f"x, y: expected two 1-D arrays of the same length >= 2, got shapes "
            f"{x.shape} and {y.shape}"
        )
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("x, y: expected positive numbers (the fit is on log-log axes)")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])
