import numpy as np
import pytest

import bplib
from bplib.data import one_hot


def test_digits_layout():
    d = bplib.load_digits()
    sizes = [s.x.shape[1] for s in d]
    assert sizes == [1078, 359, 360] and sum(sizes) == 1797
    for split in d:
        assert split.x.shape[0] == 64 and split.y.shape[0] == 10
        assert split.x.min() >= 0.0 and split.x.max() <= 1.0
        assert np.array_equal(split.y.sum(axis=0), np.ones(split.x.shape[1]))
        assert np.array_equal(split.y.argmax(axis=0), split.labels)


def test_digits_split_is_a_partition_and_seeded():
    a, b, c = bplib.load_digits(seed=0), bplib.load_digits(seed=0), bplib.load_digits(seed=1)
    assert np.array_equal(a.train.x, b.train.x)
    assert not np.array_equal(a.train.x, c.train.x)

    def columns(digits):
        return sorted(col.tobytes() for split in digits for col in split.x.T)

    # Another seed reshuffles the same 1,797 images: the three splits partition them.
    assert len(columns(a)) == 1797 and columns(a) == columns(c)


def test_one_hot():
    assert np.array_equal(one_hot(np.array([2, 0]), 3), [[0, 1], [0, 0], [1, 0]])
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 2\], got range \[0, 3\]"):
        one_hot(np.array([0, 3]), 3)
