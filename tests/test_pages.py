"""What the built chapters give a reader: figures where they teach, and no chapter that drags.

Chapters 1-9 carry at least 22 figures between them (matplotlib images,
bplib.draw diagrams among them), at least one each, every one with alt text
(test_site.py checks the alt text); chapter 6 reads in at most 3,800 words and
chapter 10 in at most 6,000, counted on the built page with their code and
outputs (issue #14's bars).
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.book

FIRST_NINE = [
    "book/01_notation",
    "book/02_cost",
    "book/03_four_equations",
    "book/04_proofs",
    "book/05_algorithm",
    "book/06_fast",
    "book/07_general",
    "book/08_slowdown",
    "book/09_vanishing",
]
MOST_WORDS = {"book/06_fast": 3_800, "book/10_worked_example": 6_000}


def article(site, page: str):
    import bs4

    soup = bs4.BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
    body = soup.find("article")
    for node in body.select("script, style"):
        node.decompose()
    return body


def test_chapters_one_to_nine_teach_with_figures(site):
    counts = {}
    for page in FIRST_NINE:
        html = (site / f"{page}.html").read_text()
        counts[page] = len(re.findall(r'<img [^>]*src="\.\./_images/', html))
    assert all(n >= 1 for n in counts.values()), counts
    assert sum(counts.values()) >= 22, counts


@pytest.mark.parametrize("page", sorted(MOST_WORDS))
def test_long_chapters_are_cut_to_size(site, page):
    words = len(article(site, page).get_text(" ").split())
    assert words <= MOST_WORDS[page], f"{page}: {words} words on the page"
