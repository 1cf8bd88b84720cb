"""bplib.measure: the chapters' timing, memory and slope helpers."""

from __future__ import annotations

import numpy as np
import pytest

from bplib.measure import peak_bytes, slope, take_turns


def test_take_turns_gives_one_column_per_round():
    times = take_turns([lambda: sum(range(100)), lambda: sum(range(10_000))],
                       rounds=3, seconds=0.001)
    assert times.shape == (2, 3) and np.all(times > 0)
    assert np.median(times[1]) > np.median(times[0])   # 100× the work


def test_take_turns_reads_the_clock_it_is_given():
    import time

    times = take_turns([lambda: sum(range(10_000))], rounds=2, seconds=0.001,
                       timer=time.process_time)
    assert times.shape == (1, 2) and np.all(times > 0)
    ticks = iter(range(10**6))
    fake = take_turns([lambda: None], rounds=3, seconds=5, timer=lambda: next(ticks))
    # the clock advances one tick per reading: the first call "took" 1 s, so
    # each round makes 5 calls in one tick
    assert np.all(fake == 1 / 5)


def test_peak_bytes_counts_the_arrays_made_during_the_call():
    big = peak_bytes(lambda: np.ones(1_000_000))         # 8 MB
    assert 8_000_000 <= big < 8_100_000
    assert peak_bytes(lambda: None) < 10_000


def test_slope_recovers_a_power_law():
    x = np.array([1.0, 2.0, 4.0, 8.0])
    assert slope(x, 3 * x**2) == pytest.approx(2.0, abs=1e-12)


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="fns"):
        take_turns([])
    with pytest.raises(ValueError, match="rounds"):
        take_turns([print], rounds=0)
    with pytest.raises(TypeError, match="timer: expected a clock"):
        take_turns([print], timer=0.5)
    with pytest.raises(TypeError, match="fn: expected a function"):
        peak_bytes(3)
    with pytest.raises(ValueError, match="positive"):
        slope([1, 2], [0, 1])
    with pytest.raises(ValueError, match="same length"):
        slope([1, 2, 3], [1, 2])
