"""The book as one PDF (`make pdf`), checked page by page.

Built from the shared build's executed notebooks with Jupyter Book's LaTeX
builder and xelatex (``conftest.build_pdf``), then read back with pypdf:
every chapter and appendix is in the outline and in the text; LaTeX resolved
every reference and had a glyph for every character; no "??" is left; the
page count is sane; each chapter embeds as many pictures as its web page
shows (its figures, and a picture of each slider app's initial state); every
exercise comes with its solution; the equations are typeset, not printed as
TeX; the bibliography lists every work; and the site offers the PDF.

Without TeX Live these tests skip, saying what to install; under ``CI=true``
a missing TeX is a failure (``conftest.need_tex``).
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PDF_NAME, ROOT, toc_pages

pytestmark = pytest.mark.book


def squeeze(text: str) -> str:
    """Text without spaces, line breaks or hyphens, for finding a phrase that
    LaTeX may have broken across lines."""
    return re.sub(r"[\s\-‐‑­]+", "", text).lower()


@functools.cache
def read(pdf: Path):
    import pypdf

    reader = pypdf.PdfReader(pdf)
    texts = [page.extract_text() or "" for page in reader.pages]
    outline: list[tuple[str, int, int]] = []  # (title, page index, depth), depth first

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                outline.append((item.title, reader.get_destination_page_number(item), depth))

    walk(reader.outline, 0)
    return reader, texts, outline


def chapter_entry(outline, page: str) -> tuple[str, int, int]:
    """The outline entry of a page's chapter: the shallowest entry ending in its
    title (chapter 13 is "Exercises", like a section of every chapter)."""
    title = squeeze(title_of(page))
    matches = [entry for entry in outline if squeeze(entry[0]).endswith(title)]
    assert matches, f"{page}: {title_of(page)!r} not in the outline"
    return min(matches, key=lambda entry: entry[2])


@pytest.fixture(scope="module")
def pdf(built_pdf):
    return read(built_pdf.pdf)


def title_of(page: str) -> str:
    """A page's title: the first Markdown heading of its source."""
    source = (ROOT / f"{page}.md").read_text()
    return re.search(r"^# (.+)$", source, re.M)[1].strip()


def test_the_pdf_builds_without_warnings(built_pdf):
    output = built_pdf.stdout + built_pdf.stderr
    warnings = [line for line in output.splitlines() if "WARNING" in line]
    assert not warnings, "\n".join(warnings[:20])


def test_latex_resolved_every_reference_and_had_every_glyph(built_pdf):
    log = (built_pdf.latex / PDF_NAME.replace(".pdf", ".log")).read_text(errors="replace")
    log = log.replace("\n", "")  # TeX wraps its log at 79 characters
    undefined = re.findall(r"(?:Reference|Citation) `[^']+' on page \d+ undefined", log)
    assert not undefined, undefined[:10]
    missing = sorted(set(re.findall(r"Missing character: There is no (.+?) in font", log)))
    assert not missing, f"characters the fonts lack (printed as nothing): {missing}"


def test_every_chapter_and_appendix_is_in_the_outline_and_the_text(pdf):
    reader, texts, outline = pdf
    everything = squeeze(" ".join(texts))
    root, *pages = toc_pages()
    assert reader.metadata.title == title_of(root)  # the intro's title is the book's
    for page in pages:
        assert chapter_entry(outline, page)[2] <= 1, f"{page}: not a chapter in the outline"
        assert squeeze(title_of(page)) in everything, f"{page}: its title is not in the text"


def test_no_reference_is_left_unresolved_and_the_length_is_sane(pdf):
    reader, texts, _ = pdf
    unresolved = [i + 1 for i, text in enumerate(texts) if "??" in text]
    assert not unresolved, f"'??' on pages {unresolved}"
    # 15 chapters and 5 appendices: about 220 pages in 2026.  Far fewer means
    # chapters went missing; far more, that something is printed page by page.
    assert 150 <= len(reader.pages) <= 400, len(reader.pages)


class _Pictures(HTMLParser):
    """The pictures a web page shows in its cell outputs: images, and slider
    apps (each a saved widget view; the PDF shows its PNG instead)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and "/_images/" in (a.get("src") or ""):
            self.count += 1
        elif tag == "script" and a.get("type") == "application/vnd.jupyter.widget-view+json":
            self.count += 1


def pictures_on(html: Path) -> int:
    parser = _Pictures()
    parser.feed(html.read_text())
    return parser.count


def test_every_figure_and_app_picture_is_embedded(pdf, site):
    reader, _, outline = pdf
    # Where each chapter starts: its outline entry, in page order.
    starts = sorted((chapter_entry(outline, page)[1], page) for page in toc_pages()[1:])
    ends = [start for start, _ in starts[1:]] + [len(reader.pages)]
    counted = 0
    for (start, page), end in zip(starts, ends):
        images = sum(len(reader.pages[i].images) for i in range(start, end))
        expected = pictures_on(site / f"{page}.html")
        assert images == expected, f"{page}: {images} pictures in the PDF, {expected} on the web"
        counted += images
    assert counted >= 40, counted  # 39 figures and 4 apps in 2026


def test_every_exercise_comes_with_its_solution(pdf):
    _, texts, _ = pdf
    sources = [(ROOT / f"{page}.md").read_text() for page in toc_pages()]
    exercises = sum(len(re.findall(r"^```\{exercise\}", s, re.M)) for s in sources)
    solutions = sum(len(re.findall(r"^```\{solution-start\}", s, re.M)) for s in sources)
    assert exercises == solutions > 40, (exercises, solutions)
    text = " ".join(texts)
    found = re.findall(r"Solution\s*to\s*Exercise\s*\d+\.\d+", text)  # pypdf may drop spaces
    assert len(found) == solutions, (len(found), solutions)


def test_equations_are_typeset_not_printed_as_tex(pdf, built_pdf):
    """Outside code (whose strings may hold TeX), no TeX command was escaped
    into text, and the PDF uses a math font."""
    tex = (built_pdf.latex / PDF_NAME.replace(".pdf", ".tex")).read_text()
    prose = re.sub(r"\\begin\{sphinxVerbatim\}.*?\\end\{sphinxVerbatim\}", "", tex, flags=re.S)
    prose = re.sub(r"\\sphinxcode\{\\sphinxupquote\{[^\n]*?\}\}", "", prose)  # inline code
    commands = r"\\textbackslash\{\}(?:frac|delta|sigma|partial|nabla|odot)\b"
    escaped = re.findall(commands + r"|\\\$\S", prose)
    assert not escaped, escaped[:10]
    assert prose.count("\\begin{equation") > 50 and prose.count("\\(") > 1000
    reader = pdf[0]
    fonts = set()
    for page in reader.pages[:60]:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("LatinModernMath" in f for f in fonts), sorted(fonts)


def test_the_bibliography_lists_every_work(pdf):
    _, texts, _ = pdf
    bib = (ROOT / "book" / "references.bib").read_text()
    titles = re.findall(r"^\s*title\s*=\s*[{\"]+(.+?)[}\"]+,?\s*$", bib, re.M | re.I)
    assert len(titles) >= 5, titles
    everything = squeeze(" ".join(texts))
    for title in titles:
        assert "\\" not in title, f"pybtex prints TeX commands in a title as text: {title}"
        words = squeeze(re.sub(r"[{}]", "", title))[:40]
        assert words in everything, title


def test_the_site_offers_the_pdf(built_pdf, site):
    intro = (site / "book" / "intro.html").read_text()
    assert f'href="../{PDF_NAME}"' in intro, "the intro has no link to the PDF"
    assert (site / PDF_NAME).read_bytes() == built_pdf.pdf.read_bytes()
