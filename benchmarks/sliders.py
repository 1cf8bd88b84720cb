"""Key press to redrawn figure, for every control of every slider app, on the built site.

Opens chapters 7-9 of a built site in headless Chromium and presses arrow keys
on every control of every app, as a reader does.  Each press is timed in the
page from the key event's own timestamp to the first paint after the app has
redrawn (a frame callback, then a message posted from it, which runs once the
frame is painted).  Chromium runs with vsync off, so that it paints as soon
as there is something to paint: what is timed is then the app's own work
(input, compute, SVG, style, layout, paint), not the wait for the screen's
next refresh, which no code can shorten.  Under 16 ms, a redraw fits in one
frame of a 60 Hz screen.  Also reports each chapter page's weight beyond the shared
vendored files.  Targets (issue #13): p95 <= 16 ms per app and never above
50 ms; a chapter page with its data <= 3 MB beyond the shared files.

    python benchmarks/sliders.py [--site _build/html] [--presses 20] [--quick]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

import _common
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["book/07_general", "book/08_slowdown", "book/09_vanishing"]
P95_MS, MAX_MS, PAGE_MB = 16.0, 50.0, 3.0
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-gpu-vsync", "--disable-frame-rate-limit",  # paint when ready (see above)
]

# {done}: resolves with the ms from the key event to the paint after the app's
# redraw.  (Wrapped in an object: Playwright would wait for a bare promise.)
TIME_NEXT_PRESS = """app => ({ done: new Promise(resolve => {
  let pressed = null;
  const onKey = e => { pressed = e.timeStamp; };
  document.addEventListener('keydown', onKey, { capture: true, once: true });
  app.addEventListener('bp-drawn', () => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now() - pressed);
    channel.port2.postMessage(null);
  }), { once: true });
}) })"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path) -> str:
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def page_weight(site: Path, page: str) -> float:
    """MB of the page's HTML (its saved widget state included) and its own images."""
    html = (site / f"{page}.html").read_text()
    images = {part.split('"')[0] for part in html.split('src="../_images/')[1:]}
    size = len(html.encode()) + sum((site / "_images" / name).stat().st_size for name in images)
    return size / 1e6


def time_app(tab, app, presses: int, warm_up: int = 2) -> list[float]:
    """ms per press, every control in turn; the first presses of each are not timed."""
    times = []
    for control in app.locator(".bp-control").all():
        for k in range(warm_up + presses):
            target = control.locator("input:checked, input[type=range]").first
            target.focus()
            pending = app.evaluate_handle(TIME_NEXT_PRESS)
            is_range = target.get_attribute("type") == "range"
            at_end = is_range and target.input_value() == target.get_attribute("max")
            at_start = is_range and target.input_value() == "0"
            key = "ArrowLeft" if at_end or (k % 2 and not at_start) else "ArrowRight"
            tab.keyboard.press(key)
            elapsed = pending.evaluate("p => p.done")
            if k >= warm_up:
                times.append(elapsed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--presses", type=int, default=20, help="key presses per control")
    parser.add_argument("--quick", action="store_true", help="4 presses per control")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"no built site at {args.site}: run `make book` first")
    presses = 4 if args.quick else args.presses
    from playwright.sync_api import sync_playwright

    print(_common.machine())
    base = serve(args.site)
    print(f"{'app':<20} {'presses':>7} {'median':>7} {'p95':>7} {'max':>7}   (ms, key press "
          f"to painted frame; targets p95 <= {P95_MS:.0f}, max <= {MAX_MS:.0f})")
    weights = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        for page in PAGES:
            tab.goto(f"{base}/{page}.html")
            tab.wait_for_selector(".bp-app")
            weights[page] = page_weight(args.site, page)
            for app in tab.locator(".bp-app").all():
                app.scroll_into_view_if_needed()
                ms = np.array(time_app(tab, app, presses))
                p95 = float(np.percentile(ms, 95))
                verdict = _common.verdict(p95 <= P95_MS and ms.max() <= MAX_MS)
                name = app.get_attribute("data-app")
                print(f"{name:<20} {ms.size:>7} {statistics.median(ms):7.2f} {p95:7.2f} "
                      f"{ms.max():7.2f}   {verdict}")
        browser.close()
    for page, mb in weights.items():
        print(f"page {page}: {mb:.2f} MB beyond the shared files "
              f"({_common.verdict(mb <= PAGE_MB)} the target of <= {PAGE_MB:.0f} MB)")


if __name__ == "__main__":
    main()
