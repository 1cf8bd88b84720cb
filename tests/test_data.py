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


def _write_idx(path, array, compress):
    import gzip

    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    opener = gzip.open if compress else open
    with opener(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


@pytest.mark.parametrize("compress", [False, True])
def test_load_mnist_reads_idx_files(tmp_path, compress):
    """A miniature MNIST in the real file format: layout, scaling, split."""
    rng = np.random.default_rng(0)
    train_x = rng.integers(0, 256, size=(12, 28, 28))
    train_y = rng.integers(0, 10, size=12)
    test_x, test_y = rng.integers(0, 256, size=(5, 28, 28)), rng.integers(0, 10, size=5)
    suffix = ".gz" if compress else ""
    for name, arr in [
        ("train-images-idx3-ubyte", train_x),
        ("train-labels-idx1-ubyte", train_y),
        ("t10k-images-idx3-ubyte", test_x),
        ("t10k-labels-idx1-ubyte", test_y),
    ]:
        _write_idx(tmp_path / f"{name}{suffix}", arr, compress)
    mnist = bplib.load_mnist(tmp_path, validation=4)
    assert [s.x.shape for s in mnist] == [(784, 8), (784, 4), (784, 5)]
    assert np.allclose(mnist.train.x[:, 0], train_x[0].ravel() / 255.0)
    assert np.array_equal(mnist.validation.labels, train_y[8:])
    assert np.array_equal(mnist.test.y.argmax(axis=0), test_y)


def test_load_mnist_names_what_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte or .*gz"):
        bplib.load_mnist(tmp_path)
    (tmp_path / "train-images-idx3-ubyte").write_bytes(b"\x01\x02\x03\x04")
    for name in ("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        (tmp_path / name).write_bytes(bytes([0, 0, 8, 1, 0, 0, 0, 0]))
    with pytest.raises(ValueError, match="bad magic number"):
        bplib.load_mnist(tmp_path)
