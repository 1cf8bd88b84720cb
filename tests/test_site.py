"""The built site in a real browser (Debian's Chromium, headless, offline).

Every page in _toc.yml loads from a local server with no console errors and
no failed requests, and MathJax has typeset every equation: no raw TeX is
left in the text and no TeX error boxes are shown.  A screenshot of each page
goes to test-artifacts/ for a human to look at.
"""

import functools
import http.server
import re
import threading

import pytest
from conftest import ARTIFACTS, toc_pages

pytestmark = pytest.mark.browser


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


# Text outside code and math that still looks like TeX means MathJax missed it.
RAW_TEX = re.compile(r"\$\$|\\(delta|frac|sigma|partial|begin|mathsf|odot|nabla)\b")
VISIBLE_PROSE = """() => {
  const main = document.querySelector('main').cloneNode(true);
  const skip = 'pre, code, script, style, mjx-container, .cell_input';
  main.querySelectorAll(skip).forEach(e => e.remove());
  return main.innerText;
}"""


@pytest.mark.parametrize("page", toc_pages())
def test_page_loads_and_renders_math(server, browser, page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = []
    tab.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    tab.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )

    tab.goto(f"{server}/{page}.html", wait_until="load")
    tab.wait_for_function(
        "window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000
    )
    tab.evaluate("MathJax.startup.promise")
    tab.wait_for_load_state("networkidle")

    assert tab.locator("mjx-container").count() > 0, f"{page}: no typeset math"
    # Every saved widget view is drawn from its saved state, images included.
    views = tab.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        images = tab.locator(".jupyter-widgets img")
        tab.wait_for_function(
            f"document.querySelectorAll('.jupyter-widgets img').length >= {views}", timeout=30_000
        )
        sizes = images.evaluate_all("els => els.map(e => [e.naturalWidth, e.naturalHeight])")
        assert len(sizes) == views and all(w > 100 and h > 50 for w, h in sizes), sizes
        assert tab.locator(".jupyter-widgets .widget-slider, .jupyter-widgets input").count()
    assert tab.locator("mjx-merror").count() == 0, f"{page}: MathJax reports a TeX error"
    leftover = RAW_TEX.findall(tab.evaluate(VISIBLE_PROSE))
    assert not leftover, f"{page}: raw TeX in the text: {leftover[:5]}"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{page.replace('/', '_')}.png"), full_page=True)
    context.close()
    assert not problems, "\n".join(problems)
