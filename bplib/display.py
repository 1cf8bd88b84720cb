"""How the chapters show numbers and code: Markdown tables, short vectors, LaTeX
matrices, and a function's source as a listing.

Display plumbing only, shared so that no chapter redefines it. Each function
returns an object that Jupyter renders (through ``_repr_markdown_`` or
``_repr_latex_``) and whose text a test can read, so this module does not
need IPython.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["Markdown", "Latex", "table", "fmt", "matrix", "source"]


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


def _check_digits(digits) -> None:
    if not isinstance(digits, (int, np.integer)) or isinstance(digits, bool) or digits < 1:
        raise ValueError(f"digits: expected a positive integer, got {digits!r}")


def fmt(values, digits: int = 5) -> str:
    """Numbers as text to `digits` significant figures: '[1.35, 1.27, 1.8]', or '0.5'.

    A single number prints bare; an array of any shape prints flattened, in
    brackets.
    """
    _check_digits(digits)
    array = np.asarray(values, dtype=float)
    text = ", ".join(f"{v:.{digits}g}" for v in array.ravel())
    return text if array.size == 1 else f"[{text}]"


def matrix(name: str, values, digits: int = 5) -> Latex:
    """The equation ``name = [values]`` as a LaTeX bmatrix, `digits` significant figures.

    A vector shows as one row; `name` is LaTeX (for example ``r"W^{\\mathrm{out}}"``).
    """
    _check_digits(digits)
    array = np.atleast_2d(np.asarray(values, dtype=float))
    if array.ndim != 2:
        raise ValueError(
            f"values: expected a number, vector or matrix, got an array of "
            f"shape {array.shape}"
        )
    rows = [" & ".join(f"{v:.{digits}g}" for v in row) for row in array]
    return Latex(name + r" = \begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}")


def source(fn: Callable) -> str:
    """``fn``'s source for a listing: the signature without its type hints, then the
    body without its docstring (comments and layout kept, decorators dropped)."""
    if not inspect.isfunction(fn):
        raise TypeError(f"fn: expected a Python function, got {type(fn).__name__}")
    text = textwrap.dedent(inspect.getsource(fn))
    lines = text.splitlines()
    node = ast.parse(text).body[0]
    for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
                node.args.vararg, node.args.kwarg]:
        if arg is not None:
            arg.annotation = None
    keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    header = f"{keyword} {node.name}({ast.unparse(node.args)}):"
    body = node.body
    if ast.get_docstring(node, clean=False) is not None:
        start, body = body[0].end_lineno, body[1:]  # the line after the docstring
    else:
        start = body[0].lineno - 1  # back over comments, to the signature's last line
        while start > node.lineno and lines[start - 1].strip()[:1] in ("", "#"):
            start -= 1
    if not body:
        return f"{header}\n    ..."
    if body[0].lineno == node.lineno:  # def f(x): return x
        return f"{header}\n    " + "\n    ".join(ast.unparse(b) for b in body)
    rest = lines[start:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    return "\n".join([header, *rest]).rstrip()
