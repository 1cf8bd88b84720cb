"""The PDF's LaTeX setup (``make pdf``; Jupyter Book's ``pdflatex`` builder).

Jupyter Book's LaTeX extension (sphinx-jupyterbook-latex) turns the table of
contents' parts into ``\\part``s and typesets code cells; it also selects its
own document class, ``jupyterBook.cls``, which loads ``bbm`` -- a package in
Debian's texlive-fonts-extra, a 500 MB download, for blackboard-bold macros
this book never uses.  Here, after that extension has set its theme, the
book's own theme (``book/_latex``) replaces it: the same Sphinx manual class
and code-cell frames without those packages, so Debian's smaller TeX Live
packages (README, "The PDF") build the book.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

LATEX = Path(__file__).resolve().parent.parent / "_latex"

# DejaVu, not Sphinx's default FreeFont: FreeMono has no ᵀ, ᴸ or ⊙ and
# FreeSerif no ₖ, all of which the code cells and their outputs print.
FONTS = r"""
\setmainfont{DejaVu Serif}
\setsansfont{DejaVu Sans}
\setmonofont{DejaVu Sans Mono}[Scale=MatchLowercase]
"""
# Characters DejaVu Serif lacks in text (the API appendix's docstrings).
PREAMBLE = r"""
\usepackage{newunicodechar}
\newunicodechar{⋯}{\ensuremath{\cdots}}
% Equations and figures numbered by chapter, (3.2) and Fig. 6.1, as on the
% website: a bare (2) on paper could be any chapter's.  At the start of the
% document, after Sphinx's own numbering setup, which runs there.
\AtBeginDocument{\counterwithin{equation}{chapter}\counterwithin{figure}{chapter}%
  \counterwithin{table}{chapter}}
"""


def use_book_theme(app: Sphinx, config: Config) -> None:
    config.latex_theme = "backprop"
    config.latex_theme_path = [str(LATEX)]
    config.latex_additional_files = [str(LATEX / "backpropBook.cls")]
    config.latex_elements["fontpkg"] = FONTS
    config.latex_elements["preamble"] = config.latex_elements.get("preamble", "") + PREAMBLE


def number_like_the_website(app: Sphinx) -> None:
    """Exercises and figures numbered per chapter (Exercise 4.1), as on the
    website; sphinx-jupyterbook-latex numbers them per section (4.10.1)."""
    if app.builder.format == "latex":
        app.config.numfig_secnum_depth = 1


# What a heading's math reads as in the PDF's bookmarks (plain text).
SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "varepsilon": "ε", "eta": "η", "lambda": "λ", "mu": "μ", "sigma": "σ",
    "Sigma": "Σ", "nabla": "∇", "partial": "∂", "odot": "⊙", "cdot": "·",
    "times": "×", "le": "≤", "ge": "≥",
}
_LATEX_SPECIAL = {"^": r"\textasciicircum{}", "_": r"\_", "{": "", "}": "", "&": r"\&",
                  "%": r"\%", "#": r"\#", "-": "−"}


def bookmark_text(latex: str) -> str:
    """A heading's math as bookmark text: Greek letters and operators as
    characters, sub- and superscripts kept as ``_`` and ``^``."""
    text = re.sub(r"\\([A-Za-z]+)\s*", lambda m: SYMBOLS.get(m[1], m[1]), latex)
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text).strip()


class MathInHeadings(SphinxPostTransform):
    """Math in a heading, for the PDF: typeset as math on the page, plain text
    in the bookmarks.  Without the plain text, hyperref meets unicode-math's
    symbols (``\\nabla`` is a math character there, not a macro) and xelatex
    stops with "Improper alphabetic constant"."""

    default_priority = 200
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for title in self.document.findall(nodes.title):
            for math in list(title.findall(nodes.math)):
                latex = math.astext()
                raw = rf"\texorpdfstring{{\protect\({latex}\protect\)}}{{{bookmark_text(latex)}}}"
                math.replace_self(nodes.raw("", raw, format="latex"))


class ExerciseReferences(SphinxPostTransform):
    """References to an exercise, for the PDF: a link to sphinx-exercise's
    LaTeX label (``exercise:<label>``) with the number the website shows.

    sphinx-exercise rewrites only references within one page; one from another
    chapter reaches LaTeX as ``\\ref{<page>:<label>}``, which no label defines
    (and ``\\ref`` would give the section's number, not the exercise's).
    """

    default_priority = 30  # after sphinx-exercise's own (22)
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for ref in list(self.document.findall(nodes.reference)):
            target = ref.get("refid") or ref.get("refuri", "").rpartition("#")[2]
            entry = registry.get(target)
            if entry is None or entry.get("type") != "exercise":
                continue
            text = ref.astext().replace("\\", r"\textbackslash{}")
            # A solution's title links " Exercise 4.1" after "Solution to": the
            # space goes before the link, where TeX keeps it.
            space = " " if text.startswith(" ") else ""
            link = rf"{space}\hyperref[exercise:{target}]{{{text.lstrip()}}}"
            ref.replace_self(nodes.raw("", link, format="latex"))


class FoldedCellsShown(SphinxPostTransform):
    """Cells folded on the website (``hide-input``, ``hide-output``,
    ``hide-cell``) are printed in the PDF, which cannot unfold them: the
    SymPy proofs and numeric checks a chapter points to ("the folded cell
    below") are the book's promise.  ``remove-*`` cells stay out, as on the
    website.  Runs before sphinx-jupyterbook-latex drops folded cells (400)."""

    default_priority = 390
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        folded = {"tag_hide-input", "tag_hide-output", "tag_hide-cell"}
        for cell in self.document.findall(nodes.container):
            if folded & set(cell["classes"]):
                cell["classes"] = [c for c in cell["classes"] if c not in folded]


APPENDICES = "Appendices"  # the caption of _toc.yml's last part


class Appendices(SphinxPostTransform):
    """``\\appendix`` before the part captioned "Appendices", so its chapters
    are lettered A, B, ... and not numbered on from the last chapter."""

    default_priority = 800  # after sphinx-jupyterbook-latex has made the parts (700)
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for section in self.document.findall(nodes.section):
            if section.get("docname") == APPENDICES:
                section.parent.insert(0, nodes.raw("", "\\appendix\n", format="latex"))
                return


def setup(app: Sphinx) -> dict:
    # sphinx-jupyterbook-latex sets latex_theme in config-inited at the default
    # priority (500); run after it.
    app.connect("config-inited", use_book_theme, priority=900)
    app.connect("builder-inited", number_like_the_website, priority=900)
    app.add_post_transform(MathInHeadings)
    app.add_post_transform(ExerciseReferences)
    app.add_post_transform(Appendices)
    app.add_post_transform(FoldedCellsShown)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
