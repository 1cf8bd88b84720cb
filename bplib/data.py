"""Data the book trains on, all available offline.

:func:`load_digits` wraps the 8×8 handwritten digits that scikit-learn ships
inside its wheel (1,797 images; no download), in the network's layout:
inputs as columns scaled to [0, 1], targets one-hot columns.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _validate

__all__ = ["Split", "Digits", "load_digits", "one_hot"]


class Split(NamedTuple):
    """One part of a data set: ``x`` (n_in, N), one-hot ``y`` (10, N), integer ``labels`` (N,)."""

    x: np.ndarray
    y: np.ndarray
    labels: np.ndarray


class Digits(NamedTuple):
    train: Split
    validation: Split
    test: Split


def one_hot(labels, n_classes: int) -> np.ndarray:
    """Columns e_label: shape (n_classes, N)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be a 1-D array of integers, got shape {labels.shape} of {labels.dtype}"
        )
    n_classes = _validate.positive_int("n_classes", n_classes)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in [0, {n_classes - 1}], got range [{labels.min()}, {labels.max()}]"
        )
    y = np.zeros((n_classes, labels.size))
    y[labels, np.arange(labels.size)] = 1.0
    return y


def load_digits(fractions: tuple[float, float, float] = (0.6, 0.2, 0.2), seed: int = 0) -> Digits:
    """scikit-learn's bundled 8×8 digits, shuffled with ``seed`` and split train/validation/test.

    Inputs are columns of 64 pixel intensities scaled from 0..16 to [0, 1].
    With the default fractions: 1,078 / 359 / 360 examples.
    """
    from sklearn.datasets import load_digits as _sk_load_digits  # bundled, never downloads

    if len(fractions) != 3 or any(f < 0 for f in fractions) or not np.isclose(sum(fractions), 1.0):
        raise ValueError(
            f"fractions must be three non-negative numbers summing to 1, got {fractions!r}"
        )
    bunch = _sk_load_digits()
    x = (bunch.data / 16.0).T
    labels = bunch.target.astype(np.int64)
    order = _validate.rng(seed).permutation(labels.size)
    x, labels = np.ascontiguousarray(x[:, order]), labels[order]
    n_train = round(fractions[0] * labels.size)
    n_val = round(fractions[1] * labels.size)
    cuts = [slice(0, n_train), slice(n_train, n_train + n_val), slice(n_train + n_val, None)]
    return Digits(*(Split(x[:, c], one_hot(labels[c], 10), labels[c]) for c in cuts))
