"""A reader in Binder: JupyterLab, a chapter opened as a notebook, run, sliders moved.

Starts JupyterLab on localhost from the Binder-like environment that
``make test`` builds the way repo2docker does (``.venv-binder``: only
requirements.txt, the repository, and postBuild run with a HOME of its own;
none of the test extras), with the settings postBuild wrote there (chapters
open with the Jupytext notebook viewer).  In headless Chromium it opens each
chapter that has slider apps, runs every cell in that environment's kernel,
and for every app presses arrow keys on its first slider and checks that the
figure the app drives was redrawn.
Nothing leaves the machine: JupyterLab's news and update checks are off.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ARTIFACTS, BINDER_VENV, ROOT, binder_python, free_port

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("jupyterlab")]  # one JupyterLab

# Every chapter with slider apps: 7 (the demon), 8 (two apps), 9.
CHAPTERS = ["book/07_general.md", "book/08_slowdown.md", "book/09_vanishing.md"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on localhost; yields its base URL with the token."""
    binder_python()  # fails with a clear message if `make test` did not build it
    # The reader's HOME as postBuild left it, copied: the test writes nothing there.
    home = tmp_path_factory.mktemp("home")
    shutil.copytree(BINDER_VENV / "home", home, dirs_exist_ok=True)
    settings = home / ".jupyter/labconfig/default_setting_overrides.json"
    overrides = json.loads(settings.read_text())
    # Never write to the chapter being run; and offline: no news feed, no update check.
    overrides.setdefault("@jupyterlab/docmanager-extension:plugin", {})["autosave"] = False
    overrides["@jupyterlab/apputils-extension:notification"] = {
        "fetchNews": "false",
        "checkForUpdates": False,
    }
    settings.write_text(json.dumps(overrides))
    root = tmp_path_factory.mktemp("lab-root")  # a copy: the test cannot touch the repo
    shutil.copytree(ROOT / "book", root / "book")
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON"))}
    env |= {
        "HOME": str(home),
        "PATH": f"{BINDER_VENV / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "JUPYTER_RUNTIME_DIR": str(tmp_path_factory.mktemp("jupyter-runtime")),
        "OPENBLAS_NUM_THREADS": "1",
    }
    log = open(tmp_path_factory.mktemp("lab-log") / "lab.log", "w")
    server = subprocess.Popen(
        [
            str(BINDER_VENV / "bin" / "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],  # CI and Binder-like sandboxes
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n" + Path(log.name).read_text()[-3000:])
                time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_run_a_chapter_and_move_every_app(lab, browser, chapter):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    name = chapter.split("/")[-1].removesuffix(".md")
    # A workspace of its own, reset: otherwise JupyterLab restores the previous
    # chapter's tab and "run all" would run that one.
    page.goto(f"{base}/lab/workspaces/{name}/tree/{chapter}?reset&token={token}")

    # The .md chapter must open as a notebook (Binder's jupytext default viewer).
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_function(
        "window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session",
        timeout=120_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

    # Wait until every code cell has run: a number in each prompt, no "*".
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=300_000,
    )
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, errors.first.inner_text()[:2000]

    # The chapter ran in the Binder-like environment's own kernel, not in ours.
    assert Path(run_in_kernel(page, "import sys; print(sys.prefix, end='')")).resolve() == (
        BINDER_VENV.resolve()
    )

    apps = page.locator(".jp-OutputArea-output .bp-app")
    apps.first.wait_for(timeout=60_000)
    assert apps.count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    for i in range(apps.count()):
        app = apps.nth(i)
        app.scroll_into_view_if_needed()
        name = app.get_attribute("data-app")
        before = app.evaluate("a => [...a.querySelectorAll('svg')].map(s => s.innerHTML).join()")
        frames = app.get_attribute("data-frames")
        # The app's first slider, moved with the keyboard as a reader might.
        slider = app.locator("input[type=range]").first
        slider.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        # The page redraws at once, from its own code: no kernel round trip.
        page.wait_for_function(
            "([a, n]) => a.dataset.frames !== n", arg=[app.element_handle(), frames], timeout=5_000
        )
        after = app.evaluate("a => [...a.querySelectorAll('svg')].map(s => s.innerHTML).join()")
        assert after != before, f"{name}: the figure did not change"
        index = int(slider.input_value())
        # The Python object follows: its trait holds the value the slider shows.
        code = (
            "import gc, json\n"
            "from bplib.explore._widget import App\n"
            f"app = next(o for o in gc.get_objects() if type(o).__name__ == {name!r})\n"
            "spec = app.controls[0]\n"
            "print(json.dumps([getattr(app, spec['name']), spec['values']]), end='')"
        )
        deadline = time.monotonic() + 30
        while True:
            value, values = json.loads(run_in_kernel(page, code))
            if value == values[index] or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert value == values[index], (
            f"{name}: Python has {value}, the slider shows {values[index]}"
        )
        # And the other way: set the trait from code, and the page follows.
        frames = app.get_attribute("data-frames")
        find = code.split("print(")[0]  # the lines that find the app and its first control
        run_in_kernel(page, find + "setattr(app, spec['name'], spec['values'][0])")
        page.wait_for_function(
            "([a, n]) => a.dataset.frames !== n", arg=[app.element_handle(), frames], timeout=30_000
        )
        assert slider.input_value() == "0", f"{name}: the slider did not follow the Python side"
        app.screenshot(path=str(ARTIFACTS / f"live-{name}-app{i + 1}.png"))
    page.close()


def run_in_kernel(page, code: str) -> str:
    """Run code in the open notebook's kernel; return what it printed."""
    return page.evaluate(
        """(code) => new Promise((resolve, reject) => {
            const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
            const future = kernel.requestExecute({code});
            let text = "";
            future.onIOPub = msg => {
                if (msg.header.msg_type === "stream") text += msg.content.text;
                if (msg.header.msg_type === "error") reject(msg.content.evalue);
            };
            future.done.then(() => resolve(text), reject);
        })""",
        code,
    )
