"""Every internal link of the built site leads somewhere.

Sphinx's own ``linkcheck`` builder checks external URLs, which needs the
network; this checks what the site itself controls, offline: every ``href``
and ``src`` that points into the site names a file that exists, and every
``#fragment`` names an element id on the page it points to -- equation
references, theorem and exercise links, glossary terms, citations and the
API appendix included.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import PDF_NAME, toc_pages

pytestmark = pytest.mark.book

EXTERNAL = ("http:", "https:", "mailto:", "data:", "javascript:", "blob:")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, URL)
        self.assets: list[str] = []  # what the browser fetches by itself

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.assets.append(a["href"])
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if value and (name == "href" or (name == "src" and tag in ("img", "script"))):
                self.links.append((tag, value))


@functools.cache
def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> tuple[int, list[str]]:
    checked, broken = 0, []
    for html in sorted(site.rglob("*.html")):
        if "_static" in html.relative_to(site).parts:
            continue  # theme and vendored templates, not pages
        for tag, link in parse(html).links:
            if link.startswith(EXTERNAL) or link.endswith(PDF_NAME):
                continue  # the PDF comes from `make pdf`: tests/test_pdf.py checks its link
            parts = urlsplit(link)
            target = (html.parent / unquote(parts.path)).resolve() if parts.path else html
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            where = f"{html.relative_to(site)}: <{tag}> {link}"
            if not target.is_file():
                broken.append(f"{where}: no file {target}")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in parse(target).ids:
                    broken.append(f"{where}: no id #{parts.fragment}")
    return checked, broken


def test_every_internal_link_resolves(site):
    checked, broken = broken_links(site)
    assert not broken, f"{len(broken)} broken of {checked}:\n" + "\n".join(broken[:40])
    assert checked > 1000, checked  # the site is big; a tiny count means the parser broke


def test_no_page_fetches_anything_from_the_network(site):
    """MathJax, the widget manager, fonts and styles are all served by the site."""
    remote = {
        f"{html.relative_to(site)}: {url}"
        for html in site.rglob("*.html")
        if "_static" not in html.relative_to(site).parts
        for url in parse(html).assets
        if url.startswith(("http:", "https:", "//"))
    }
    assert not remote, sorted(remote)[:20]


def test_the_checker_finds_a_broken_link(site, tmp_path):
    """Plant a link to a missing anchor and a missing file; both must be reported."""
    import shutil

    copy = tmp_path / "html"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_images", "_static", "_sources"))
    page = copy / f"{toc_pages()[3]}.html"
    text = page.read_text()
    text = text.replace("</main>", '<a href="#no-such-eq">x</a><a href="gone.html">y</a></main>', 1)
    page.write_text(text)
    parse.cache_clear()
    _, broken = broken_links(copy)
    parse.cache_clear()
    assert any("#no-such-eq" in b for b in broken) and any("gone.html" in b for b in broken)
