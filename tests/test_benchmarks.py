"""The benchmark scripts run (a smoke test: timings are checked by the
benchmarks themselves, never by unit tests)."""

import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.parametrize(
    ("script", "args", "expected"),
    [
        ("matrix_vs_loop.py", ["--quick"], ["speedup:", "per-example loop"]),
        ("backward_forward.py", ["--quick"], ["backward / forward:"]),
        ("epoch_vs_pytorch.py", ["--quick"], ["bplib", "ms per epoch"]),
        ("gflops.py", ["--quick"], ["GFLOP/s", "of peak"]),
        ("symbolic_proofs.py", [], ["BP1-BP4 for [2, 3, 2]", "all hold"]),
        ("softmax_vjp.py", ["--quick"], ["VJP peak:", "formed Σ′ / VJP:"]),
        ("checkpointing.py", ["--quick"], ["k =  1:", "<- k = round(sqrt(33))"]),
    ],
)
def test_benchmark_runs_and_reports(script, args, expected):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    for text in expected:
        assert text in proc.stdout
    assert "FAILED" not in proc.stdout


@pytest.mark.book
@pytest.mark.browser
def test_slider_benchmark_runs_on_the_built_site(site):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "sliders.py"), "--site", str(site), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("SaturationApp", "LayerSaturationApp", "DemonApp", "VanishingApp"):
        assert name in proc.stdout
    assert proc.stdout.count("beyond the shared files") == 3
