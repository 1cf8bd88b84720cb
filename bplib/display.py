"""How the chapters show numbers: Markdown tables, short vectors and LaTeX matrices.

Display plumbing only, shared so that no chapter redefines it. Each function
returns an object that Jupyter renders (through ``_repr_markdown_`` or
``_repr_latex_``) and whose text a test can read, so this module does not
need IPython.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["Markdown", "Latex", "table", "fmt", "matrix"]


class Markdown:
    """Markdown text that Jupyter renders as Markdown."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


class Latex:
    """A displayed LaTeX equation that Jupyter renders with MathJax."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_latex_(self) -> str:
        return f"$$ {self.text} $$"

    def __repr__(self) -> str:
        return self.text


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Markdown:
    """A Markdown table of already formatted cells, one header cell per column."""
    header = [str(h) for h in header]
    if not header:
        raise ValueError("header: expected at least one column name, got none")
    for i, row in enumerate(rows):
        if len(row) != len(header):
            raise ValueError(
                f"rows[{i}]: expected {len(header)} cells (one per header "
                f"column), got {len(row)}"
            )
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return Markdown("\n".join(lines))


def fmt(values, digits: int = 5) -> str:
    """Numbers as text to `digits` significant figures: '[1.35, 1.27, 1.8]', or '0.5'.

    A single number prints bare; an array of any shape prints flattened, in
    brackets.
    """
    if not isinstance(digits, (int, np.integer)) or isinstance(digits, bool) or digits < 1:
        raise ValueError(f"digits: expected a positive integer, got {digits!r}")
    array = np.asarray(values, dtype=float)
    text = ", ".join(f"{v:.{digits}g}" for v in array.ravel())
    return text if array.size == 1 else f"[{text}]"


def matrix(name: str, values, digits: int = 5) -> Latex:
    """The equation ``name = [values]`` as a LaTeX bmatrix, `digits` significant figures.

    A vector shows as one row; `name` is LaTeX (for example ``r"W^{\\mathrm{out}}"``).
    """
    if not isinstance(digits, (int, np.integer)) or isinstance(digits, bool) or digits < 1:
        raise ValueError(f"digits: expected a positive integer, got {digits!r}")
    array = np.atleast_2d(np.asarray(values, dtype=float))
    if array.ndim != 2:
        raise ValueError(
            f"values: expected a number, vector or matrix, got an array of "
            f"shape {array.shape}"
        )
    rows = [" & ".join(f"{v:.{digits}g}" for v in row) for row in array]
    return Latex(name + r" = \begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}")
