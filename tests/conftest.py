"""Shared strategies and fixtures.

Hypothesis draws random architectures (layer sizes, activations, a cost that
suits the output layer), inputs and targets; the properties must hold for all.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import bplib

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("default")

ACTIVATION_NAMES = ["sigmoid", "relu", "tanh", "identity", "softmax"]
COSTS_FOR_OUTPUT = {
    "sigmoid": ["quadratic", "cross-entropy", "log-likelihood"],
    "softmax": ["quadratic", "cross-entropy", "log-likelihood"],
    "relu": ["quadratic"],
    "tanh": ["quadratic"],
    "identity": ["quadratic"],
}


def targets(cost: str, output: str, n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """Targets the cost accepts: one-hot-like distributions for softmax + log-likelihood."""
    y = rng.uniform(0.0, 1.0, size=(n, m))
    if cost == "log-likelihood" and output == "softmax":
        y /= y.sum(axis=0, keepdims=True)
    return y


@st.composite
def problems(draw, max_layers: int = 4, max_width: int = 5, max_batch: int = 4):
    """A random (net, x, y): architecture, activations, cost, parameters and data."""
    n_layers = draw(st.integers(2, max_layers + 1))
    sizes = draw(st.lists(st.integers(1, max_width), min_size=n_layers, max_size=n_layers))
    acts = draw(
        st.lists(st.sampled_from(ACTIVATION_NAMES), min_size=n_layers - 1, max_size=n_layers - 1)
    )
    if acts[-1] == "softmax":
        sizes[-1] = max(sizes[-1], 2)  # a one-neuron softmax is the constant 1
    cost = draw(st.sampled_from(COSTS_FOR_OUTPUT[acts[-1]]))
    seed = draw(st.integers(0, 2**32 - 1))
    m = draw(st.integers(1, max_batch))
    net = bplib.Network(sizes, activations=acts, cost=cost, seed=seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(sizes[0], m))
    y = targets(cost, acts[-1], sizes[-1], m, rng)
    return net, x, y


def min_relu_margin(net: bplib.Network, x: np.ndarray) -> float:
    """Smallest |z| over ReLU layers: finite differences that cross the kink measure nothing."""
    zs, _ = net.forward_trace(x)
    margins = [np.abs(z).min() for z, act in zip(zs, net.activations) if act is bplib.relu]
    return min(margins, default=np.inf)


# -- the built book, shared by the build test and the browser tests -----------

import http.server  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import pytest  # noqa: E402
import yaml  # noqa: E402
from building import PDF_NAME, ROOT, build_pdf, makefile_list, tex_missing  # noqa: E402, F401


def toc_pages() -> list[str]:
    """Every page in _toc.yml, as paths relative to the root without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return pages


def toc_chapters() -> list[str]:
    """The numbered chapters: every page of a numbered part (not the appendices)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] if part.get("numbered") for c in part["chapters"]]


def is_notebook(page: str) -> bool:
    """Whether a page of _toc.yml is an executed notebook (it has code cells)."""
    return "```{code-cell}" in (ROOT / f"{page}.md").read_text()


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the builds: make book's, the PDF meanwhile, a clean one last -------------

SITE_FIXTURES = {"site", "server", "built_book", "built_pdf", "second_site"}
JOB_TIMEOUT = 2400  # seconds: a clean build takes about four minutes here


def needs_the_book(item) -> bool:
    """Whether a test waits for a build made in this session: any site test,
    or, when the site is `make book`'s own, only those of the clean build and
    the PDF."""
    waits_for = SITE_FIXTURES
    if os.environ.get("BOOK_REUSED"):
        waits_for = {"built_book", "built_pdf", "second_site"}
    return bool(waits_for & set(getattr(item, "fixturenames", ())))


def _normal_priority() -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, 0, 0)  # undo a worker's nice 19
    except PermissionError:  # not root: a build started by a worker stays niced
        pass


def _start_job(out: Path, *flags: str) -> subprocess.Popen:
    """A build in the background (tests/building.py), logging to ``out``.log."""
    log = open(out.with_suffix(".log"), "w")  # the job writes to it after this returns
    job = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "building.py"), "job", str(out), *flags],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=_normal_priority,
    )
    job.stdout_log = log
    return job


def pytest_configure(config):
    """Plan the session's builds.  `make test` runs `make book` first, so
    ``_build`` holds a build of the current sources: the site tests use it
    from the start, and its PDF is made at once from its executed notebooks
    (nothing executes).  The clean build the determinism and warning tests
    need is started by the first test that needs it; those tests come last,
    so it runs with the machine to itself -- chapter 6 times things, and
    asserts on what it measures.  Without a current ``_build`` (pytest run
    by hand), a clean build for the site is started at once.  Under
    pytest-xdist only the controller plans; the workers inherit the plan
    through the environment."""
    config.addinivalue_line("markers", "xdist_group: tests pytest-xdist keeps on one worker")
    if hasattr(config, "workerinput"):
        os.nice(19)  # a job a worker starts is set back to normal (_start_job)
        return
    if os.environ.get("BOOK_SITE"):
        return
    if "not book" in (config.option.markexpr or "") and "not browser" in config.option.markexpr:
        return
    import tempfile

    from building import made_from_these_sources

    base = Path(tempfile.mkdtemp(prefix="pytest-book-"))
    config._book_base = base
    os.environ["BOOK_BUILD"] = str(base / "book")  # the session's clean build
    if made_from_these_sources(ROOT / "_build"):
        os.environ["BOOK_REUSED"] = "1"
        os.environ["BOOK_PDF"] = str(base / "pdf")
        config._book_jobs = [_start_job(base / "pdf", "--pdf-of", str(ROOT))]
        (base / "pdf.started").touch()  # (wait_for starts any job not marked started)
    else:
        os.environ.pop("BOOK_REUSED", None)
        os.environ["BOOK_PDF"] = str(base / "book")
        os.environ["BOOK_BUILD_AGAIN"] = str(base / "again")  # started when needed
        config._book_jobs = [_start_job(base / "book", "--pdf")]
        (base / "book.started").touch()


def pytest_sessionfinish(session, exitstatus):
    session.config._book_exitstatus = exitstatus


def pytest_unconfigure(config):
    import shutil
    import signal

    for job in getattr(config, "_book_jobs", []):
        if job.poll() is None:  # a run that did not need it
            os.killpg(job.pid, signal.SIGTERM)
        job.wait()
        job.stdout_log.close()
    if hasattr(config, "_book_base"):
        if getattr(config, "_book_exitstatus", 1) == 0:
            shutil.rmtree(config._book_base, ignore_errors=True)
        else:  # kept: a failed chapter's traceback is in html/reports/ there
            print(f"\nthe book's builds are kept in {config._book_base}")


def pytest_collection_modifyitems(config, items):
    """The tests that wait for no build first: they run while it builds.
    (The order is a pure function of the items, as pytest-xdist requires.)"""
    items.sort(key=needs_the_book)


def wait_for(folder: str, part: str) -> dict:
    """The result of a background build (``html`` or ``pdf``), when it is done."""
    import json
    import time

    if not os.environ.get(folder):
        pytest.fail(f"no background build: {folder} is unset (BOOK_SITE given, or -m excluded it)")
    done = Path(os.environ[folder]) / f"{part}.json"
    job = None
    try:  # the first test to need a build not yet started starts it
        os.close(os.open(f"{os.environ[folder]}.started", os.O_CREAT | os.O_EXCL))
        job = _start_job(Path(os.environ[folder]))
    except FileExistsError:
        pass
    deadline = time.monotonic() + JOB_TIMEOUT
    while not done.is_file():
        if time.monotonic() > deadline:
            log = Path(os.environ[folder]).with_suffix(".log")
            pytest.fail(f"{done} did not appear in {JOB_TIMEOUT} s; {log} says:\n"
                        + (log.read_text()[-3000:] if log.is_file() else "(no log)"))
        time.sleep(1)
    if job is not None:  # it wrote its result; let it exit, and close its log
        job.wait()
        job.stdout_log.close()
    return json.loads(done.read_text())


class Build(SimpleNamespace):
    """A finished build: returncode, stdout, stderr, and its paths."""


@pytest.fixture(scope="session")
def built_book() -> Build:
    """The shared clean build of the site (conftest.pytest_configure starts it)."""
    result = Build(**wait_for("BOOK_BUILD", "html"))
    result.html = Path(result.html)
    return result


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The built site: `make book`'s, when it built the current sources
    (``BOOK_REUSED``), else the session's clean build.  ``BOOK_SITE=_build/html``
    names one yourself (a quick loop while editing the site tests)."""
    if os.environ.get("BOOK_SITE"):
        return Path(os.environ["BOOK_SITE"]).resolve()
    if os.environ.get("BOOK_REUSED"):
        return ROOT / "_build" / "html"
    built_book = request.getfixturevalue("built_book")
    if built_book.returncode != 0:
        pytest.fail(
            "the book did not build:\n" + built_book.stdout[-5000:] + built_book.stderr[-5000:]
        )
    return built_book.html


@pytest.fixture(scope="session")
def second_site(site, built_book) -> Path:
    """A second, independent build's site, for the determinism test: the
    session's clean build when the site is `make book`'s, else a second clean
    build made alongside the first (tests/building.py)."""
    again = built_book if os.environ.get("BOOK_REUSED") else (
        Build(**wait_for("BOOK_BUILD_AGAIN", "html")))
    assert again.returncode == 0, again.stdout[-5000:] + again.stderr[-5000:]
    return Path(again.html)


# -- the PDF (make pdf): Jupyter Book's LaTeX builder, Debian's TeX Live ------


def tex_packages() -> str:
    """The Debian packages `make tex` installs (the Makefile's TEX_PACKAGES)."""
    return " ".join(makefile_list("TEX_PACKAGES"))


def need_tex(missing: list[str] | None = None) -> None:
    """Skip without TeX Live, saying what to install; under CI=true, fail."""
    missing = tex_missing() if missing is None else missing
    if missing:
        why = (f"TeX Live is missing ({', '.join(missing)}): `make tex` installs it, or "
               f"apt-get install --no-install-recommends {tex_packages()}")
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture(scope="session")
def built_pdf(site, tmp_path_factory) -> Build:
    """The PDF of the shared build, copied into its site (``BOOK_SITE``: built
    now from that site's build folder, whose executed notebooks it reuses)."""
    need_tex()
    if os.environ.get("BOOK_SITE"):
        # Outside the repository: a folder in it would be read as book sources.
        result = build_pdf(site.parent.parent, tmp_path_factory.mktemp("pdf"))
    else:
        result = wait_for("BOOK_PDF", "pdf")
        need_tex(result.get("missing"))
    result = Build(**result)
    if result.returncode != 0:
        pytest.fail("the PDF did not build:\n" + result.stdout[-5000:] + result.stderr[-5000:])
    result.pdf, result.latex = Path(result.pdf), Path(result.latex)
    return result


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    """The built site on a local HTTP server; yields its base URL."""
    import functools
    import threading

    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


# -- the Binder-like environment `make test` builds (see the Makefile) ---------

BINDER_VENV = Path(os.environ.get("BINDER_VENV", ROOT / ".venv-binder"))


def binder_python() -> str:
    """The Python of the Binder-like environment; fails (not skips) without it."""
    python = BINDER_VENV / "bin" / "python"
    if not (BINDER_VENV / ".installed").is_file():
        pytest.fail(f"no Binder-like environment at {BINDER_VENV}: `make test` builds it")
    return str(python)


# -- headless Chromium, shared by the site and live-kernel tests ---------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"  # screenshots for a human to look at
# What Chromium must not do on this machine: phone home, or touch a GPU.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; fails (not skips) if it is missing."""
    import shutil

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# -- accessibility: axe-core (pinned and vendored in tests/axe) -------------

AXE = ROOT / "tests" / "axe" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.1, levels A and AA
AXE_RUN = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' -- ' + n.failureSummary)}));
}"""
UNFOLD = """() => {
  document.querySelectorAll('details:not([open])').forEach(d => d.open = true);
  document.querySelectorAll('.toggle-button.toggle-button-hidden').forEach(b => b.click());
}"""


def axe_violations(tab) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations on the page as it stands,
    each as "rule (impact, what it asks): element -- why", from axe-core."""
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))  # injected by the test: the site never loads it
    found = tab.evaluate(AXE_RUN, WCAG_AA)
    return [f"{v['id']} ({v['impact']}, {v['help']}): {node}" for v in found for node in v["nodes"]]


def settle(tab) -> None:
    """Wait out CSS transitions (a colour-mode switch fades colours; axe must
    not measure them halfway), with the pointer off the page's controls."""
    tab.mouse.move(0, tab.viewport_size["height"] - 1)
    tab.evaluate(
        "Promise.all(document.getAnimations()"
        ".filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)"
        ".map(a => a.finished.catch(() => null)))"  # a replaced transition is cancelled
    )


def unfold_everything(tab) -> None:
    """Open every folded code cell and solution, so axe checks what a reader
    who unfolds them sees (hidden content is skipped by its rules)."""
    tab.evaluate(UNFOLD)
    tab.wait_for_timeout(300)  # sphinx-togglebutton animates
    assert tab.locator("details:not([open]), .toggle-hidden").count() == 0, "still folded"
    settle(tab)


def switch_to_dark_mode(tab) -> None:
    """Dark mode the way a reader gets it: the theme's colour-mode button
    (light -> dark -> auto)."""
    button = tab.locator(".theme-switch-button:visible").first
    for _ in range(3):
        if tab.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        button.click()
    assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
    settle(tab)
