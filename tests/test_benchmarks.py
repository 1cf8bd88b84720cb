"""The benchmark scripts run (a smoke test: timings are checked by the
benchmarks themselves, never by unit tests)."""

import subprocess
import sys

from conftest import ROOT


def test_matrix_vs_loop_runs_and_reports_a_speedup():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/matrix_vs_loop.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "speedup:" in proc.stdout and "per-example loop" in proc.stdout
