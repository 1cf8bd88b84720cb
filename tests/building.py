"""Building the book for the tests, and telling a build apart from a stale one.

The test suite needs the book built (the site, link, page and PDF tests share
that build) and built a second, independent time for the determinism test,
which compares two executions.  `make test` runs `make book` first, which
records what it built in ``_build/.sources``: a fingerprint of every file the
book is made from.  When ``_build`` holds a build of exactly the current
sources, ``conftest.py`` tests that site, makes the PDF from its executed
notebooks meanwhile, and starts the second, clean build only when the first
test that needs it runs -- last, with the machine to itself, because chapter
6 asserts on timings.  So `make book` then `make test` builds the book twice,
not three times.  A build is only as fresh as its executed notebooks, and
Jupyter Book's execution cache is keyed on each notebook's own code, not on
bplib's: ``prepare-cache`` clears the cache when bplib, the requirements or
the package metadata changed since it was filled.

    python tests/building.py job OUT [--pdf]      # build into OUT (html.json, pdf.json)
    python tests/building.py job OUT --pdf-of B   # the PDF of build B's notebooks
    python tests/building.py prepare-cache BUILD  # before `make book` and `make pdf`
    python tests/building.py fingerprint          # what `make book` writes to .sources
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF_NAME = "backprop-derived.pdf"  # _config.yml's latex targetname, as a PDF


def makefile_list(name: str) -> list[str]:
    """The words of a ``NAME := ...`` list in the Makefile (continued lines joined)."""
    import re

    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    return re.search(rf"^{name}\s*:=\s*(.+)$", text, re.M)[1].split()


TEX_COMMANDS = makefile_list("TEX_COMMANDS")  # what `make pdf` checks for

# What the executed notebooks depend on besides their own code.
LIBRARY = ["bplib", "requirements.txt", "pyproject.toml"]
# What the built site depends on: the library, and the book itself.
SOURCES = [*LIBRARY, "book", "_config.yml", "_toc.yml"]
SKIP = {"__pycache__", ".ipynb_checkpoints"}


def fingerprint(paths: list[str]) -> str:
    """SHA-256 over the names and contents of every file under ``paths``."""
    digest = hashlib.sha256()
    for name in paths:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if SKIP & set(path.relative_to(ROOT).parts):
                continue
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def made_from_these_sources(build: Path) -> bool:
    """Whether ``build`` (a `_build` folder) is a successful `make book` of the
    sources as they are now."""
    stamp = build / ".sources"
    return stamp.is_file() and stamp.read_text().strip() == fingerprint(SOURCES)


def prepare_cache(build: Path) -> None:
    """Clear the execution cache if the library changed since it was filled."""
    cache = build / ".jupyter_cache"
    stamp = build / ".library"
    library = fingerprint(LIBRARY)
    if cache.exists() and (not stamp.is_file() or stamp.read_text().strip() != library):
        print("building: bplib or the requirements changed; executing every chapter afresh")
        shutil.rmtree(cache)
    build.mkdir(parents=True, exist_ok=True)
    stamp.write_text(library + "\n")


def _jupyter_book(*args: str) -> dict:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), *args, "-W", "-n", "--keep-going"],
        capture_output=True, text=True, env=env, timeout=2400,
    )
    return {"returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


def build_html(out: Path) -> dict:
    """A clean build of the website, as `make book` does it, into ``out``."""
    return _jupyter_book("--path-output", str(out)) | {"html": str(out / "_build" / "html")}


def tex_missing() -> list[str]:
    return [command for command in TEX_COMMANDS if not shutil.which(command)]


def build_pdf(site_build: Path, out: Path) -> dict:
    """The PDF, as `make pdf` builds it, from the executed notebooks of the
    site build ``site_build`` (a copy of its cache: the two builds never write
    the same files), into ``out``; then copied into the site, as `make pdf`
    and the Pages workflow do."""
    (out / "_build").mkdir(parents=True, exist_ok=True)
    shutil.copytree(site_build / "_build" / ".jupyter_cache", out / "_build" / ".jupyter_cache",
                    dirs_exist_ok=True)
    result = _jupyter_book("--builder", "pdflatex", "--path-output", str(out))
    latex = out / "_build" / "latex"
    pdf = latex / PDF_NAME
    html = site_build / "_build" / "html"
    if result["returncode"] == 0 and pdf.is_file() and html.is_dir():
        shutil.copy(pdf, html / PDF_NAME)
    return result | {"latex": str(latex), "pdf": str(pdf)}


def _write(path: Path, result: dict) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(result))
    partial.replace(path)  # whole or not at all: a waiting test never reads half


def job(out: Path, pdf: bool) -> None:
    """Build the site into ``out``/html.json; with ``pdf``, then the PDF (pdf.json)."""
    out.mkdir(parents=True, exist_ok=True)
    html = build_html(out)
    _write(out / "html.json", html)
    if pdf:
        missing = tex_missing()
        if missing:
            result = {"missing": missing}
        elif html["returncode"] != 0:
            result = {"returncode": 1, "stdout": "", "stderr": "the site did not build"}
        else:
            result = build_pdf(out, out / "pdf")
        _write(out / "pdf.json", result)


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    target = rest.pop(0) if rest else ""
    if command == "job" and "--pdf-of" in rest:  # the PDF of an existing build
        out = Path(target)
        out.mkdir(parents=True, exist_ok=True)
        source = Path(rest[rest.index("--pdf-of") + 1])
        missing = tex_missing()
        _write(out / "pdf.json", {"missing": missing} if missing else build_pdf(source, out))
    elif command == "fingerprint":
        print(fingerprint(SOURCES))
    elif command == "job":
        job(Path(target), pdf="--pdf" in rest)
    elif command == "prepare-cache":
        prepare_cache(Path(target))
    else:
        sys.exit(f"unknown command {command!r}: job, prepare-cache or fingerprint")
