"""bplib.display: the chapters' tables and matrices, read back as text."""

from __future__ import annotations

import numpy as np
import pytest

from bplib.display import fmt, matrix, source, table


def test_table_is_markdown_with_one_row_per_entry():
    t = table(["a", "b"], [("1", "2"), ("3", "4")])
    assert t._repr_markdown_().splitlines() == [
        "| a | b |", "| --- | --- |", "| 1 | 2 |", "| 3 | 4 |"]


def test_table_rejects_a_row_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"rows\[1\].*2 cells.*got 3"):
        table(["a", "b"], [("1", "2"), ("3", "4", "5")])
    with pytest.raises(ValueError, match="header"):
        table([], [])


def test_fmt_rounds_to_significant_figures():
    assert fmt(0.123456) == "0.12346"
    assert fmt(np.array([[1.35, 1.27], [1.8, 2.0]]), 3) == "[1.35, 1.27, 1.8, 2]"
    assert fmt([2 / 3], 2) == "0.67"        # one number prints bare
    with pytest.raises(ValueError, match="digits.*positive integer.*0"):
        fmt(1.0, 0)


def test_matrix_is_a_bmatrix_row_by_row():
    m = matrix("w", [[1, 0.5], [0.25, 1 / 3]], digits=3)
    assert m._repr_latex_() == (
        r"$$ w = \begin{bmatrix}1 & 0.5 \\ 0.25 & 0.333\end{bmatrix} $$")
    assert matrix("v", [1, 2]).text == r"v = \begin{bmatrix}1 & 2\end{bmatrix}"
    with pytest.raises(ValueError, match="values.*shape"):
        matrix("t", np.zeros((2, 2, 2)))


def _documented(
    x: np.ndarray,
    y: float = 1.0,
    *rest: int,
    scale: float = 2.0,
) -> np.ndarray:
    """A docstring that the listing leaves out.

    Over two paragraphs.
    """

    # a comment that stays
    total = x * scale  # and one at the end of a line
    return total + y


def _undocumented(a: int, b: int) -> int:
    # the comment under the signature stays
    return a + b


def _one_liner(a: int) -> int: return a


def test_source_drops_the_docstring_and_the_type_hints():
    assert source(_documented) == "\n".join([
        "def _documented(x, y=1.0, *rest, scale=2.0):",
        "    # a comment that stays",
        "    total = x * scale  # and one at the end of a line",
        "    return total + y"])
    assert source(_undocumented) == "\n".join([
        "def _undocumented(a, b):",
        "    # the comment under the signature stays",
        "    return a + b"])
    assert source(_one_liner) == "def _one_liner(a):\n    return a"


def test_source_of_a_library_function_is_its_body():
    import bplib

    text = source(bplib.bp4)
    assert text.splitlines()[0] == "def bp4(delta, a_prev):"
    assert bplib.bp4.__doc__.splitlines()[0] not in text
    assert "np.ndarray" not in text and text.endswith("@ a_prev.T")
    with pytest.raises(TypeError, match="fn: expected a Python function, got int"):
        source(3)
