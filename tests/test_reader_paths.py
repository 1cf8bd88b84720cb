"""How readers reach the book besides the built files: `make serve`, the
GitHub Pages workflow, and the one place the launch buttons' repository is set.
(The .ipynb download and the Binder button of every chapter are clicked in a
real browser in test_site.py.)
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from html import unescape

import pytest
import yaml
from conftest import ROOT, free_port, toc_pages

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


@pytest.mark.book
def test_make_serve_serves_the_site(site):
    port = free_port()
    serve = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"SITE={site}", f"PORT={port}", "PYTHON=python3"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # make and its http.server, stopped together below
    )
    try:
        pages = {}
        for page in ("index.html", "book/03_four_equations.html", "_static/mathjax/tex-chtml.js"):
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=5) as r:
                        pages[page] = (r.status, r.read())
                    break
                except OSError:
                    assert serve.poll() is None, "make serve exited"
                    assert time.monotonic() < deadline, f"make serve did not answer for {page}"
                    time.sleep(0.2)
        assert all(status == 200 for status, _ in pages.values())
        assert b"The four fundamental equations" in pages["book/03_four_equations.html"][1]
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=10)


def test_make_serve_without_a_site_says_what_to_do(tmp_path):
    result = subprocess.run(
        ["make", "--no-print-directory", "serve", f"SITE={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0 and "make book" in result.stdout + result.stderr


def test_pages_workflow_builds_and_publishes_the_site():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    permissions = workflow["permissions"]
    assert permissions["pages"] == "write" and permissions["id-token"] == "write"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = build["steps"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    runtime = (ROOT / "runtime.txt").read_text().strip().removeprefix("python-")
    assert python["with"]["python-version"] == runtime, "CI and Binder must use one Python"
    runs = [s.get("run", "") for s in steps]
    assert any("make book" in r for r in runs), "the site is built by make book"
    # ... and then the PDF, which `make pdf` copies into the site it uploads.
    book = next(i for i, r in enumerate(runs) if "make book" in r)
    assert any("make tex" in r for r in runs[book:]) and any("make pdf" in r for r in runs[book:])
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["steps"])


def test_repository_url_is_set_in_one_place():
    """The launch and repository buttons read _config.yml; no other file repeats the URL."""
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    repeats = [
        path
        for path in tracked
        if path not in ("_config.yml", "README.md")  # README shows where to change it
        and (ROOT / path).is_file()
        and url in (ROOT / path).read_text(errors="ignore")
    ]
    assert not repeats, f"the repository URL is repeated in {repeats}"


@pytest.mark.book
def test_intro_shows_the_real_clone_command(site):
    """The intro's `git clone` line is written from _config.yml, not a placeholder."""
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    name = url.rstrip("/").rsplit("/", 1)[-1]
    html = (site / "book" / "intro.html").read_text()
    text = unescape(re.sub(r"<[^>]+>", "", html.split("<article", 1)[-1]))  # highlighting off
    assert f"git clone {url}\n$ cd {name}\n" in text
    assert "{{" not in text


def test_a_missing_debian_package_is_named_with_the_reason(tmp_path):
    """make's installer says what it installs and why, and what to do when it cannot."""
    bash = subprocess.run(["which", "bash"], capture_output=True, text=True).stdout.strip()
    result = subprocess.run(
        [bash, str(ROOT / ".ci/install-debian-packages"), "the tests need it", "chromium"],
        env={"PATH": str(tmp_path)},  # no apt-get, no sudo
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "chromium -- the tests need it" in result.stderr
    assert "install chromium" in result.stderr


def test_make_test_installs_what_it_needs():
    """`make test` builds both environments and fetches Chromium and TeX Live
    itself; CI only calls it."""
    makefile = (ROOT / "Makefile").read_text()
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert all(dep in test_rule for dep in ("book", "$(BINDER_STAMP)", "chromium", "tex"))
    ci = (ROOT / ".ci/run").read_text()
    assert "make test" in ci and "apt-get" not in ci


def test_make_pdf_without_tex_says_what_to_install(tmp_path):
    """Without TeX, `make pdf` stops before building, naming the packages."""
    from conftest import tex_packages

    make = subprocess.run(["which", "make"], capture_output=True, text=True).stdout.strip()
    bin_dir = tmp_path / "bin"  # make and a shell, and no TeX
    bin_dir.mkdir()
    for tool in ("sh", "bash", "python3", "test", "touch"):
        found = subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip()
        if found:
            (bin_dir / tool).symlink_to(found)
    result = subprocess.run(
        [make, "-C", str(ROOT), "--no-print-directory", "pdf",
         "-o", str(tmp_path / "stamp"), f"STAMP={tmp_path / 'stamp'}"],  # venv: as if made
        env={"PATH": str(bin_dir)}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "make pdf needs TeX Live" in result.stdout
    assert tex_packages() in result.stdout


@pytest.mark.book
def test_every_chapter_and_appendix_says_how_long_it_takes(site):
    for page in toc_pages():
        if page in ("book/intro", "book/api", "book/bibliography"):  # not read through
            continue
        html = (site / f"{page}.html").read_text()
        found = re.search(r'class="reading-time"><em>About (\d+) minutes?: ([\d,]+) words', html)
        assert found, f"{page}: no reading-time line under the title"
        assert int(found[1]) >= 1 and int(found[2].replace(",", "")) > 50, (page, found[0])
