"""The whole book builds with warnings as errors, every chapter executed.

Every chapter asserts its equations against bplib, so this test is where a
wrong equation anywhere in the book fails the suite.
"""

import re

import pytest
from conftest import ROOT, toc_chapters, toc_pages

pytestmark = pytest.mark.book


def test_book_builds_without_warnings(built_book):
    log = built_book.stdout + built_book.stderr
    assert built_book.returncode == 0, log[-8000:]
    # Sphinx reports "path: WARNING: message". Kernel processes log other things
    # ("WARNING | ...", "ERROR:tornado..." at shutdown) that are not build problems.
    assert not re.search(r"\b(WARNING|ERROR): ", log), log[-8000:]


def test_every_toc_page_is_built(site):
    for page in toc_pages():
        assert (site / f"{page}.html").is_file(), page


def test_every_chapter_is_an_executed_notebook(site):
    """Each chapter has code cells, and they ran: outputs are in the HTML, no tracebacks."""
    for page in toc_chapters():
        source = (ROOT / f"{page}.md").read_text()
        assert "```{code-cell} ipython3" in source, page
        html = (site / f"{page}.html").read_text()
        assert 'class="cell_output' in html, f"{page}: no executed output"
        assert "Traceback" not in html, page


def test_mathjax_is_self_hosted(site):
    html = (site / "book/03_four_equations.html").read_text()
    assert "_static/mathjax/tex-chtml.js" in html
    assert "cdn.jsdelivr.net" not in html
    assert (site / "_static/mathjax/tex-chtml.js").is_file()
    assert (site / "_static/mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff").is_file()


def test_binder_launch_button_points_at_the_chapter(site):
    html = (site / "book/03_four_equations.html").read_text()
    links = re.findall(r'href="(https://mybinder\.org/[^"]+)"', html)
    assert links, "no Binder launch link"
    assert all("book/03_four_equations.md" in link for link in links), links


def test_every_reference_is_cited_and_every_citation_exists():
    """The bibliography page lists only cited works, so an uncited entry would vanish."""
    keys = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "book/references.bib").read_text(), re.M))
    text = "\n".join(p.read_text() for p in (ROOT / "book").glob("*.md"))
    cited = {
        key.strip()
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text)
        for key in group.split(",")
    }
    assert keys - cited == set(), f"in references.bib but never cited: {keys - cited}"
    assert cited - keys == set(), f"cited but not in references.bib: {cited - keys}"


def test_every_glossary_term_is_linked_from_the_chapters():
    glossary = (ROOT / "book/glossary.md").read_text()
    block = glossary.split("```{glossary}")[1].split("```")[0]
    terms = {t.lower() for t in re.findall(r"^(\S.*)$", block, re.M)}  # Sphinx ignores case
    text = "\n".join((ROOT / f"{p}.md").read_text() for p in toc_pages() if "glossary" not in p)
    linked = {
        m.split("<")[-1].rstrip(">").strip().lower() for m in re.findall(r"\{term\}`([^`]+)`", text)
    }
    assert len(terms) >= 20
    assert terms - linked == set(), f"glossary terms no chapter links to: {terms - linked}"
