"""Mini-batch stochastic gradient descent, with optional L2 regularization.

Each step moves every weight and bias against the gradient of the mean cost
over a mini-batch, as computed by :func:`bplib.backprop`:

    w → (1 − ηλ/n) w − η ∂C/∂w,     b → b − η ∂C/∂b,

where n is the size of the training set and λ = ``lmbda`` (Nielsen's ch.3
convention: the penalty (λ/2n)Σw² leaves biases alone).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from . import _validate
from .backprop import backprop

__all__ = ["History", "sgd"]


@dataclass
class History:
    """Per-epoch record of a training run (one entry per epoch in each list).

    Accuracies are fractions in [0, 1] and are recorded only for one-hot
    targets; costs include the L2 term when ``lmbda`` > 0.
    """

    training_cost: list[float] = field(default_factory=list)
    training_accuracy: list[float] = field(default_factory=list)
    evaluation_cost: list[float] = field(default_factory=list)
    evaluation_accuracy: list[float] = field(default_factory=list)


def sgd(
    net,
    training_data,
    epochs: int,
    mini_batch_size: int,
    eta: float,
    lmbda: float = 0.0,
    evaluation_data=None,
    monitor_training: bool = True,
    seed: int | np.random.Generator | None = None,
    progress: bool = True,
    shuffle: bool = True,
    checkpoint_every: int | None = None,
) -> History:
    """Train ``net`` in place and return its :class:`History`.

    ``training_data`` and ``evaluation_data`` are pairs ``(x, y)`` of column
    matrices (a :class:`bplib.data.Split` works too).  Each epoch shuffles the
    columns with ``seed`` and walks through them ``mini_batch_size`` at a time;
    a last, smaller batch is used as it is.  ``shuffle=False`` keeps the given
    column order instead (to compare runs batch for batch).  ``progress``
    shows a tqdm bar.  ``checkpoint_every`` is passed to :func:`bplib.backprop`
    for every mini-batch (gradient checkpointing: less memory, same steps).
    """
    x, y = _pair(net, "training_data", training_data)
    epochs = _validate.positive_int("epochs", epochs)
    m = _validate.positive_int("mini_batch_size", mini_batch_size)
    eta = _validate.positive_number("eta", eta)
    lmbda = _validate.non_negative_number("lmbda", lmbda)
    evaluation = None if evaluation_data is None else _pair(net, "evaluation_data", evaluation_data)
    rng = _validate.rng(seed)
    if checkpoint_every is not None:
        checkpoint_every = _validate.positive_int("checkpoint_every", checkpoint_every)
    n = x.shape[1]
    decay = 1.0 - eta * lmbda / n
    history = History()

    if shuffle:
        # One example per row, made once per call: a shuffled mini-batch is
        # then m whole rows gathered in one pass, and its transpose an (n, m)
        # block of contiguous columns, already in cache for the first product.
        x_rows, y_rows = np.ascontiguousarray(x.T), np.ascontiguousarray(y.T)
    for _ in tqdm(range(epochs), desc="epochs", disable=not progress):
        if shuffle:
            order = rng.permutation(n)
            batches = (order[k : k + m] for k in range(0, n, m))
            pairs = ((x_rows[idx].T, y_rows[idx].T) for idx in batches)
        else:  # column slices: views into x and y, no copy at all
            pairs = ((x[:, k : k + m], y[:, k : k + m]) for k in range(0, n, m))
        for xb, yb in pairs:
            nabla_b, nabla_w = backprop(
                net, xb, yb, check=False, checkpoint_every=checkpoint_every
            )
            for w, nw in zip(net.weights, nabla_w):
                if lmbda:
                    w *= decay
                w -= eta * nw
            for b, nb in zip(net.biases, nabla_b):
                b -= eta * nb
        if monitor_training:
            _record(net, x, y, lmbda, n, history.training_cost, history.training_accuracy)
        if evaluation is not None:
            ex, ey = evaluation
            _record(net, ex, ey, lmbda, n, history.evaluation_cost, history.evaluation_accuracy)
    return history


def _pair(net, name: str, data) -> tuple[np.ndarray, np.ndarray]:
    try:
        x, y = data[0], data[1]
    except (TypeError, IndexError, KeyError):
        raise TypeError(
            f"{name} must be a pair (x, y) of column matrices, got {type(data).__name__}"
        ) from None
    x = _validate.matrix(f"{name}[0] (x)", x, rows=net.sizes[0])
    y = _validate.matrix(f"{name}[1] (y)", y, rows=net.sizes[-1], cols=x.shape[1])
    net._check_targets(y)  # the cost's own demands (x and y are checked above)
    return x, y


def _record(net, x, y, lmbda, n, costs, accuracies) -> None:
    costs.append(net.cost_value(x, y, lmbda=lmbda, n=n))
    if _is_one_hot(y):
        accuracies.append(net.accuracy(x, y.argmax(axis=0)))


def _is_one_hot(y: np.ndarray) -> bool:
    return bool(np.isin(y, (0.0, 1.0)).all() and (y.sum(axis=0) == 1).all())
