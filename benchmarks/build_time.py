"""How long the book takes to build: clean, and again with nothing changed.

Issue targets on this 2-core machine: a clean build <= 3 min, a cached
no-change rebuild <= 20 s.  Both builds are `make book`'s command
(jupyter-book build -W -n --keep-going), into a temporary folder so the
working copy's _build is left alone; the clean one executes every chapter,
the cached one finds every notebook in jupyter-cache and every page current.

    python benchmarks/build_time.py            (about two minutes)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"clean": 180.0, "cached, nothing changed": 20.0}


def build(out: Path) -> float:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(ROOT), "--path-output", str(out)]
    start = time.perf_counter()
    proc = subprocess.run(
        [*command, "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env=os.environ | {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("the book did not build:\n" + proc.stdout[-3000:] + proc.stderr[-3000:])
    return seconds


def main() -> None:
    print(_common.machine())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        times = {"clean": build(out), "cached, nothing changed": build(out)}
        pages = len(list((out / "_build" / "html" / "book").glob("*.html")))
    print(f"{pages} pages")
    print(f"{'build':<26}{'time':>9}{'target':>10}")
    for name, seconds in times.items():
        verdict = _common.verdict(seconds <= TARGETS[name])
        print(f"{name:<26}{seconds:>8.1f}s{TARGETS[name]:>9.0f}s  {verdict}")
    print(f"clean / cached: {times['clean'] / times['cached, nothing changed']:.0f}x")


if __name__ == "__main__":
    main()
