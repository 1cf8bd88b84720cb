"""One slider update of each app: compute + redraw to a PNG image.

Every control of every app is swept through its range (including settings
the vanishing-gradient app has not cached yet), and each move is timed as a
reader's kernel would spend it: ``app.update()`` -- recompute, update the
existing artists, render the PNG bytes the image widget shows.  Target:
median <= 50 ms per app.

    python benchmarks/sliders.py
"""

from __future__ import annotations

import statistics
import time

import _common
import numpy as np

from bplib import explore

TARGET_MS = 50.0


def sweep_values(control) -> list:
    """Eight positions across a control's range, or each of its options."""
    if hasattr(control, "options"):
        return list(control.options)
    lo, hi = control.min, control.max
    if type(control).__name__ == "FloatLogSlider":
        return list(control.base ** np.linspace(lo, hi, 8))
    if isinstance(control.value, int):
        return sorted({int(v) for v in np.linspace(lo, hi, 8)})
    return list(np.linspace(lo, hi, 8))


def time_app(app) -> list[float]:
    times = []
    for control in app.controls.values():
        start_value = control.value
        for value in [*sweep_values(control), start_value]:
            if value == control.value:
                continue
            t0 = time.perf_counter()
            control.value = value  # the observer runs app.update(), as a slider drag does
            times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    print(_common.machine())
    print(
        f"{'app':<20} {'moves':>5} {'median':>8} {'p90':>8} {'max':>8}   (ms; target median "
        f"<= {TARGET_MS:.0f})"
    )
    for cls in (
        explore.SaturationApp,
        explore.LayerSaturationApp,
        explore.DemonApp,
        explore.VanishingApp,
    ):
        app = cls()
        ms = np.array(time_app(app)) * 1e3
        median = statistics.median(ms)
        verdict = _common.verdict(median <= TARGET_MS)
        print(
            f"{cls.__name__:<20} {len(ms):>5} {median:8.1f} {np.percentile(ms, 90):8.1f} "
            f"{ms.max():8.1f}   {verdict}"
        )


if __name__ == "__main__":
    main()
