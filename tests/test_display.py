"""bplib.display: the chapters' tables and matrices, read back as text."""

from __future__ import annotations

import numpy as np
import pytest

from bplib.display import fmt, matrix, table


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
