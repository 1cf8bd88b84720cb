"""Data the book trains on, all available offline.

:func:`load_digits` wraps the 8×8 handwritten digits that scikit-learn ships
inside its wheel (1,797 images; no download), in the network's layout:
inputs as columns scaled to [0, 1], targets one-hot columns.
:func:`load_mnist` reads MNIST from IDX files a reader already has (it never
downloads), split as Nielsen does: 50,000 / 10,000 / 10,000.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import _validate

__all__ = ["Digits", "Split", "load_digits", "load_mnist", "one_hot"]


class Split(NamedTuple):
    """One part of a data set: ``x`` (n_in, N), one-hot ``y`` (10, N), integer ``labels`` (N,)."""

    x: np.ndarray
    y: np.ndarray
    labels: np.ndarray


class Digits(NamedTuple):
    """A data set split three ways, each a :class:`Split`."""

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


_MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def _read_idx(path: Path) -> np.ndarray:
    """An IDX file (the MNIST format): magic 0x0000, type 0x08 (ubyte), rank, sizes, data."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (bad magic number)")
    rank = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path}: header says {shape}, file holds {data.size} values")
    return data.reshape(shape)


def load_mnist(directory, validation: int = 10_000) -> Digits:
    """MNIST from the four IDX files in ``directory`` (plain or ``.gz``), in bplib's layout.

    Inputs are columns of 784 pixels scaled to [0, 1]; the last ``validation``
    training images become the validation split (Nielsen: 50,000 / 10,000 /
    10,000).  Nothing is downloaded: a missing file is an error that names it.
    """
    directory = Path(directory)
    arrays = {}
    for key, stem in _MNIST_FILES.items():
        candidates = [directory / stem, directory / f"{stem}.gz"]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise FileNotFoundError(
                f"directory: expected {stem} or {stem}.gz in {directory}, found neither"
            )
        arrays[key] = _read_idx(found)
    splits = []
    for images, labels in (("train_images", "train_labels"), ("test_images", "test_labels")):
        x, lab = arrays[images], arrays[labels].astype(np.int64)
        if x.ndim != 3 or x.shape[0] != lab.shape[0]:
            raise ValueError(
                f"{images}: expected (N, rows, cols) images matching {lab.shape[0]} "
                f"labels, got shape {x.shape}"
            )
        splits.append((x.reshape(x.shape[0], -1).T / 255.0, lab))
    (x_train, l_train), (x_test, l_test) = splits
    if not 0 <= validation < l_train.size:
        raise ValueError(f"validation must be in [0, {l_train.size}), got {validation!r}")
    cut = l_train.size - validation
    parts = [(x_train[:, :cut], l_train[:cut]), (x_train[:, cut:], l_train[cut:]), (x_test, l_test)]
    return Digits(*(Split(np.ascontiguousarray(x), one_hot(lab, 10), lab) for x, lab in parts))
