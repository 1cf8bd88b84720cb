"""The book built twice shows the same numbers in every executed output.

The two builds are the session's shared one and a second (conftest's
``second_site``): `make book`'s own when it built the current sources, or a
clean build made alongside the first.

Every random draw in a chapter is seeded, so two clean builds must agree on
every printed number, every table, every figure (the image files are named by
a hash of their bytes), every widget's saved state and every value glued into
the text.  What cannot agree is a measurement: cells that time something
carry the tag ``timing``, cells that plot or glue tracemalloc's memory counts
(which wobble by a few kB between runs) carry ``measured``, and both are left
out; durations printed elsewhere (a proof's "0.02 s") are masked.  Tagged
cells must stay a small minority (under 7.5%, with chapters 6, 14 and 15
measuring on purpose), so the tags cannot quietly hide a chapter.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jupytext
import pytest
from conftest import ROOT, is_notebook, toc_pages

pytestmark = pytest.mark.book

DURATION = re.compile(r"\b\d[\d,]*(\.\d+)?\s?(s|ms|µs|ns)\b")
MODEL_ID = re.compile(r"IPY_MODEL_[0-9a-f]{32}|\b[0-9a-f]{32}\b")
GLUE_NAME = re.compile(r"""glue\(\s*["'](\w+)["']""")
GLUE_CALL = re.compile(r"""\bglue\(\s*(?!["']\w+["']\s*,)[^,)]*""")  # a name not a literal
MEASURED = {"timing", "measured"}  # tags of cells whose outputs are measured: time, or memory


class _Cells(HTMLParser):
    """Each code cell of a page: its tags, and the text and images of its output."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict] = []
        self.widget_state: list[dict] = []
        self._depth = 0
        self._cell_depth = self._out_depth = None
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div":
            self._depth += 1
            if self._cell_depth is None and {"cell", "container"} <= set(classes):
                tags = [c[4:] for c in classes if c.startswith("tag_")]
                self.cells.append({"tags": tags, "text": [], "images": [], "widgets": []})
                self._cell_depth = self._depth
            elif self._cell_depth is not None and "cell_output" in classes:
                self._out_depth = self._out_depth or self._depth
        elif tag == "img" and self._out_depth is not None:
            self.cells[-1]["images"].append(a.get("src"))
        elif tag == "script":
            self._script = a.get("type") or ""

    def handle_endtag(self, tag):
        if tag == "div":
            if self._depth == self._out_depth:
                self._out_depth = None
            if self._depth == self._cell_depth:
                self._cell_depth = None
            self._depth -= 1
        elif tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            if self._script == "application/vnd.jupyter.widget-state+json":
                self.widget_state.append(json.loads(data))
            elif self._script.endswith("widget-view+json") and self._out_depth is not None:
                view = json.loads(data)
                view.pop("model_id")
                self.cells[-1]["widgets"].append(view)
        elif self._out_depth is not None:
            self.cells[-1]["text"].append(data)


def page_outputs(html: Path) -> tuple[list[dict], list[str]]:
    parser = _Cells()
    parser.feed(html.read_text())
    for cell in parser.cells:
        cell["text"] = DURATION.sub("<duration>", " ".join("".join(cell["text"]).split()))
    # Widget models are keyed by random ids: compare their states, ids masked.
    states = sorted(
        MODEL_ID.sub("<id>", json.dumps(model["state"], sort_keys=True))
        for state in parser.widget_state
        for model in state["state"].values()
    )
    return parser.cells, states


def timing_cells() -> list[tuple[str, str]]:
    """(page, source) of every code cell tagged ``timing``: measured, not computed."""
    return [
        (page, cell.source)
        for page in filter(is_notebook, toc_pages())
        for cell in jupytext.read(ROOT / f"{page}.md").cells
        if MEASURED & set(cell.metadata.get("tags", []))
    ]


def timing_glue_names() -> set[str]:
    """Names glued into the text by cells tagged ``timing``."""
    return {name for _, source in timing_cells() for name in GLUE_NAME.findall(source)}


def test_timing_cells_glue_under_literal_names():
    """A name built at run time (f"time_{k}") would hide a measured value from
    the comparison below, which would then fail on it, or pass by luck."""
    built = [(page, call) for page, source in timing_cells() for call in GLUE_CALL.findall(source)]
    assert not built, built


def test_two_builds_show_the_same_outputs(site, second_site):
    compared = skipped = 0
    differences = []
    for page in toc_pages():
        first, first_widgets = page_outputs(site / f"{page}.html")
        again, again_widgets = page_outputs(second_site / f"{page}.html")
        assert [c["tags"] for c in first] == [c["tags"] for c in again], page
        for i, (a, b) in enumerate(zip(first, again)):
            if MEASURED & set(a["tags"]):
                skipped += 1
                continue
            compared += 1
            for key in ("text", "images", "widgets"):
                if a[key] != b[key]:
                    differences.append(
                        f"{page}, cell {i}, {key}:\n  {a[key]!r:.300}\n  {b[key]!r:.300}"
                    )
        if first_widgets != again_widgets:
            differences.append(f"{page}: saved widget state differs")
    assert not differences, "\n".join(differences)
    assert compared > 150 and skipped <= 0.075 * (compared + skipped), (compared, skipped)


def test_two_builds_glue_the_same_values(site, second_site):
    timing = timing_glue_names()
    assert timing, "no timing cells found: has the tag been renamed?"
    compared = 0
    for first in sorted((site.parent / "jupyter_execute").rglob("*.glue.json")):
        again = (
            second_site.parent
            / "jupyter_execute"
            / first.relative_to(site.parent / "jupyter_execute")
        )
        a, b = json.loads(first.read_text()), json.loads(again.read_text())
        assert a.keys() == b.keys(), first.name
        for name in a.keys() - timing:
            assert a[name]["data"] == b[name]["data"], (first.name, name)
            compared += 1
    assert compared >= 10, compared
