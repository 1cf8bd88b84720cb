"""Checks at the door: bad input fails here, with a message that names the
argument, what was expected and what arrived -- never later as a bare NumPy
broadcasting error or a silent NaN."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np


def matrix(name: str, value, rows: int | None = None, cols: int | None = None) -> np.ndarray:
    """Return `value` as a finite float64 2-D array, or raise naming `name`.

    A 1-D input of length `rows` is accepted as one column, since that is what
    a reader who types ``net.feedforward([0.1, 0.2])`` means.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}") from exc
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a column (n, 1) or a batch (n, m) of columns, got shape {arr.shape}"
        )
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name} must have {rows} rows (one per neuron), got shape {arr.shape}")
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(
            f"{name} must have {cols} columns (one per example), got shape {arr.shape}"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one example (column), got shape {arr.shape}")
    # Fast path: a sum of finite numbers is finite unless it overflows, and
    # only then (or for a NaN/inf) is the array scanned element by element.
    with np.errstate(over="ignore", invalid="ignore"):
        total = arr.sum()
    if not np.isfinite(total) and not np.isfinite(arr).all():
        bad = "NaN" if np.isnan(arr).any() else "inf"
        raise ValueError(f"{name} must be finite, got an array containing {bad}")
    return arr


def positive_number(name: str, value) -> float:
    """A finite real number > 0 (a learning rate, a step size)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def non_negative_number(name: str, value) -> float:
    """A finite real number >= 0 (a regularization strength)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a non-negative number, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative finite number, got {value!r}")
    return float(value)


def positive_int(name: str, value) -> int:
    """An integer >= 1 (a layer size, a batch size, a number of epochs)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def layer_sizes(
    name: str, sizes, expected: str = "a list of layer sizes such as [784, 30, 10]"
) -> list[int]:
    """At least two positive integers, input layer first: a network's ``sizes``."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence | np.ndarray):
        raise TypeError(f"{name} must be {expected}, got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"{name} must list at least two layers (input and output), got {sizes!r}")
    return [positive_int(f"{name}[{i}]", n) for i, n in enumerate(sizes)]


def rng(seed) -> np.random.Generator:
    """A Generator from a seed, a Generator, or None (fresh entropy)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    raise TypeError(f"seed must be an int, a numpy.random.Generator or None, got {seed!r}")
