"""The built site in a real browser (Debian's Chromium, headless, offline).

Every page in _toc.yml loads from a local server with no console errors and
no failed requests; MathJax has typeset every equation (no raw TeX left in
the text, no TeX error boxes); every slider app is drawn (its controls are
moved in test_apps_on_site.py); every image has alt text; every chapter's
Binder button opens that chapter, its .ipynb download gives that chapter's
notebook, and its solutions stay folded until asked for.  Every page, the
generated ones too, passes axe-core's WCAG 2.1 A/AA rules (no serious or
critical violation) in light and dark mode with every fold open.  Search finds "Hadamard", and
equation, theorem, exercise and glossary links jump to their targets.  A
screenshot of each page goes to test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import re

import jupytext
import nbformat
import pytest
import yaml
from conftest import (
    ARTIFACTS,
    ROOT,
    axe_violations,
    is_notebook,
    switch_to_dark_mode,
    toc_chapters,
    toc_pages,
    unfold_everything,
)

pytestmark = pytest.mark.browser

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield context
    context.close()


def open_page(context, url: str, problems: list[str] | None = None):
    """Load a page and wait until MathJax has typeset it."""
    tab = context.new_page()
    if problems is not None:
        tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        tab.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
        tab.on(
            "response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}")
        )
    tab.goto(url, wait_until="load")
    if tab.locator("script[src*='mathjax/tex-chtml.js']").count():  # not on search.html
        tab.wait_for_function(
            "window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000
        )
        tab.evaluate("MathJax.startup.promise")
    tab.wait_for_load_state("networkidle")
    return tab


def in_viewport(tab, selector: str) -> bool:
    return tab.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }"
    )


# Text outside code and math that still looks like TeX means MathJax missed it.
RAW_TEX = re.compile(r"\$\$|\\(delta|frac|sigma|partial|begin|mathsf|odot|nabla)\b")
VISIBLE_PROSE = """() => {
  const main = document.querySelector('main').cloneNode(true);
  const skip = 'pre, code, script, style, mjx-container, .cell_input';
  main.querySelectorAll(skip).forEach(e => e.remove());
  return main.innerText;
}"""


@pytest.mark.parametrize("page", toc_pages())
def test_page_loads_and_renders(server, context, page):
    problems: list[str] = []
    tab = open_page(context, f"{server}/{page}.html", problems)

    # Every equation Sphinx marked as math was typeset by MathJax.
    untypeset = tab.locator(".math").evaluate_all(
        "els => els.filter(e => !e.querySelector('mjx-container')).map(e => e.textContent)"
    )
    assert not untypeset, f"{page}: math left untypeset: {untypeset[:5]}"
    assert tab.locator("mjx-merror").count() == 0, f"{page}: MathJax reports a TeX error"
    leftover = RAW_TEX.findall(tab.evaluate(VISIBLE_PROSE))
    assert not leftover, f"{page}: raw TeX in the text: {leftover[:5]}"

    # Every saved widget view is drawn: each is a slider app (bplib.explore)
    # with labelled controls and panels that have something in them.
    views = tab.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        tab.wait_for_function(
            f"document.querySelectorAll('.bp-app').length >= {views}", timeout=30_000
        )
        drawn = tab.locator(".bp-app").evaluate_all(
            """apps => apps.map(app => ({
                 inputs: app.querySelectorAll('input').length,
                 unlabelled: [...app.querySelectorAll('input')].filter(i => !i.labels.length
                   && !i.closest('fieldset')?.querySelector('legend')).length,
                 panels: [...app.querySelectorAll('svg')].map(
                   svg => svg.querySelectorAll('path, rect, circle').length)}))"""
        )
        assert len(drawn) == views, drawn
        for app in drawn:
            assert app["inputs"] and not app["unlabelled"], app
            assert app["panels"] and all(n > 1 for n in app["panels"]), app
        unnamed = tab.locator(".bp-app svg:not([aria-label])").count()
        assert unnamed == 0, f"{page}: app panels without a text alternative"

    # Every image says what it shows; so does every panel of a slider app.
    images = tab.locator("main img").evaluate_all("els => els.map(e => [e.src, e.alt])")
    missing = [src for src, alt in images if not alt.strip()]
    assert not missing, f"{page}: images without alt text: {missing}"

    # Code, in cells and in plain code blocks, reads without a horizontal
    # scrollbar at this width (book/_static/book.css).
    too_wide = tab.locator("article pre:not(.cell_output pre)").evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1)"
        ".map(e => e.textContent.split('\\n').reduce((a, b) => a.length > b.length ? a : b))"
    )
    assert not too_wide, f"{page}: code lines wider than the column: {too_wide}"

    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{page.replace('/', '_')}.png"), full_page=True)
    assert not problems, "\n".join(problems)

    # Accessible in both colour modes, with every fold open: no serious or
    # critical WCAG 2.1 A/AA violation that axe-core finds.
    unfold_everything(tab)
    light = axe_violations(tab)
    switch_to_dark_mode(tab)
    dark = axe_violations(tab)
    assert not light + dark, f"{page}: light mode:\n" + "\n".join(light) + "\ndark mode:\n" + (
        "\n".join(dark))


OTHER_PAGES = ["index", "genindex", "search", "py-modindex", "prf-prf"]  # Sphinx's own


def test_the_other_pages_are_accessible_in_both_modes(server, context, site):
    """The generated pages (the index, search, the proof and module indexes)."""
    built = {p.relative_to(site).with_suffix("").as_posix() for p in site.glob("*.html")}
    assert built == set(OTHER_PAGES), built ^ set(OTHER_PAGES)  # a new one joins this list
    for page in OTHER_PAGES:
        tab = open_page(context, f"{server}/{page}.html")
        light = axe_violations(tab)
        switch_to_dark_mode(tab)
        dark = axe_violations(tab)
        assert not light + dark, f"{page}: " + "\n".join(light + dark)
        tab.close()


def test_axe_finds_what_it_should(context):
    """The check can fail: a control named unlike its label, and grey on white."""
    tab = context.new_page()
    tab.set_content(
        '<html lang="en"><head><title>bad</title></head><body><main>'
        '<button aria-label="Colour">Search</button>'
        '<p style="color:#aaa;background:#fff">hard to read</p></main></body></html>'
    )
    found = {v.split(" ")[0] for v in axe_violations(tab)}
    assert {"label-content-name-mismatch", "color-contrast"} <= found, found


def binder_url(page: str) -> str:
    """Where a chapter's launch button must point, from _config.yml's repository block."""
    repo = CONFIG["repository"]
    org_repo = repo["url"].removeprefix("https://github.com/").strip("/")
    hub = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    return f"{hub}/v2/gh/{org_repo}/{repo['branch']}?urlpath=lab/tree/{page}.md"


@pytest.mark.parametrize("page", [p for p in toc_pages() if is_notebook(p)])
def test_launch_and_download_buttons(server, context, page):
    tab = open_page(context, f"{server}/{page}.html")
    tab.get_by_role("button", name="Launch interactive content").click()
    binder = tab.locator(".dropdown-launch-buttons a.dropdown-item", has_text="Binder")
    binder.wait_for(state="visible")
    assert binder.get_attribute("href") == binder_url(page)

    tab.get_by_role("button", name="Download this page").click()
    with tab.expect_download() as download:
        tab.locator("a.btn-download-notebook-button").click()
    assert download.value.suggested_filename == f"{page.split('/')[-1]}.ipynb"
    notebook = nbformat.read(download.value.path(), as_version=4)
    nbformat.validate(notebook)
    source = jupytext.read(ROOT / f"{page}.md")
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert code == [c.source for c in source.cells if c.cell_type == "code"]
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("page", toc_chapters())
def test_chapter_ends_with_exercises_and_folded_solutions(server, context, page):
    tab = open_page(context, f"{server}/{page}.html")
    headings = tab.locator("main section > h1, main section > h2").all_inner_texts()
    assert re.fullmatch(r"[\d.]*\s*Exercises", headings[-1].strip("#¶ \n")), headings
    exercises = tab.locator("main div.exercise").count()
    solutions = tab.locator("main div.solution")
    assert exercises >= 2 and solutions.count() == exercises, (exercises, solutions.count())
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        body = solution.locator(":scope > :not(.admonition-title)").first
        assert not body.is_visible(), f"solution {i + 1} is not folded"
    first = solutions.first
    first.locator(".admonition-title").click()
    first.locator(":scope > :not(.admonition-title)").first.wait_for(state="visible")


def test_search_finds_hadamard(server, context):
    tab = open_page(context, f"{server}/search.html?q=Hadamard")
    results = tab.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("02_cost" in h for h in hrefs), hrefs  # where the product is introduced
    assert any("glossary" in h for h in hrefs), hrefs


@pytest.mark.parametrize(
    ("page", "link", "target"),
    [
        ("book/03_four_equations", "a.reference.internal[href='#equation-bp1']", "#equation-bp1"),
        ("book/04_proofs", "a.reference.internal[href='#thm-bp1']", "#thm-bp1"),
        ("book/03_four_equations", "div.solution .admonition-title a", "#ex-bp1-matrix"),
        (
            "book/02_cost",
            "a[href$='glossary.html#term-Hadamard-product']",
            "#term-Hadamard-product",
        ),
    ],
    ids=["eq", "prf-ref", "solution-to-exercise", "glossary-term"],
)
def test_cross_reference_jumps_to_its_target(server, context, page, link, target):
    tab = open_page(context, f"{server}/{page}.html")
    anchor = tab.locator(link).first
    label = anchor.inner_text().strip()
    assert label and "?" not in label, label  # "(3.1)", "Theorem 4.1", "Exercise 3.1"
    tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # start far away
    anchor.evaluate("a => a.click()")
    tab.wait_for_url(re.compile(re.escape(target) + "$"))
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(300)
    assert in_viewport(tab, f"[id='{target[1:]}']"), f"{target} not scrolled into view"
