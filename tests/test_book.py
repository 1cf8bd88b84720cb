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
