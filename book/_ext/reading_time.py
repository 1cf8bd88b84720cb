"""A reading-time line under each chapter's title.

"About 25 minutes: 3,100 words, 240 lines of code."  Counted from the page as
built: the words of its text (code cells and their outputs left out), read at
200 words a minute, and the lines of its code cells, read at 10 lines a
minute (code is read slowly, and the book asks for it to be read).  Printed
outputs are not counted; they are glanced at.
"""

from __future__ import annotations

import math

from docutils import nodes

REFERENCE = {"book/intro", "book/api", "book/bibliography"}
WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 10


def _is_cell(node, kind: str) -> bool:
    return isinstance(node, nodes.container) and kind in node.get("classes", [])


def counts(doctree) -> tuple[int, int]:
    """(words of text, lines of code) of a page."""
    words = lines = 0
    for node in doctree.findall(nodes.Text):
        parents, parent = [], node.parent
        while parent is not None:
            parents.append(parent)
            parent = parent.parent
        if any(_is_cell(p, "cell_output") or isinstance(p, nodes.raw) for p in parents):
            continue
        if any(_is_cell(p, "cell_input") for p in parents):
            lines += node.astext().count("\n") + 1
        elif not any(isinstance(p, (nodes.literal_block, nodes.math_block)) for p in parents):
            words += len(node.astext().split())
    return words, lines


def _insert(app, doctree) -> None:
    docname = app.env.docname
    # Chapters and the appendices one reads; not the intro, nor the reference lists.
    if not docname.startswith("book/") or docname in REFERENCE:
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    words, lines = counts(doctree)
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE))
    unit = "minute" if minutes == 1 else "minutes"
    text = f"About {minutes} {unit}: {words:,} words, {lines:,} lines of code."
    line = nodes.paragraph("", "", nodes.emphasis(text, text), classes=["reading-time"])
    section = title.parent
    section.insert(section.index(title) + 1, line)


def setup(app):
    app.connect("doctree-read", _insert)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
