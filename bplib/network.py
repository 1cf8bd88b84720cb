"""A fully connected feedforward network in Nielsen's notation.

``weights[l]`` maps layer l to layer l+1 and has shape ``(sizes[l+1], sizes[l])``:
entry ``[j, k]`` is the weight w^{l+1}_{jk} from neuron k to neuron j.  Biases
are columns ``(sizes[l+1], 1)``.  One example is a column ``(n, 1)``; a batch
is a matrix ``(n, m)`` of columns, and everything below works on either.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import _validate
from . import activations as _act
from . import costs as _costs
from .backprop import backprop as _backprop
from .backprop import natural_pair

__all__ = ["Network"]

# Standard deviation of the initial weights of a layer with n_in inputs and n_out outputs.
_INITS = {
    "normalized": lambda n_in, n_out: 1.0 / np.sqrt(n_in),
    "standard": lambda n_in, n_out: 1.0,
    "xavier": lambda n_in, n_out: np.sqrt(2.0 / (n_in + n_out)),
    "he": lambda n_in, n_out: np.sqrt(2.0 / n_in),
}


class Network:
    """A feedforward network: ``Network([784, 30, 10], activations="sigmoid", cost="quadratic")``.

    Parameters
    ----------
    sizes
        Neurons per layer, input layer first.  At least two positive integers.
    activations
        One activation (name or object) for every layer after the input, or a
        list with one per layer (``len(sizes) - 1`` entries).
    cost
        ``"quadratic"``, ``"cross-entropy"``, ``"log-likelihood"`` or a cost object.
    seed
        An int or a ``numpy.random.Generator`` for the initial weights; there is
        no global random state.
    init
        How the weights of a layer with n_in inputs and n_out outputs are drawn:
        ``"normalized"`` (default): N(0, 1/n_in), Nielsen's improved
        initialisation (his ch.3); ``"standard"``: N(0, 1), his ch.1 network;
        ``"xavier"``: N(0, 2/(n_in + n_out)), the variance Glorot and Bengio
        (2010) propose (they draw it from a uniform distribution);
        ``"he"``: N(0, 2/n_in), He et al. (2015), for ReLU layers.  Biases are
        N(0, 1) in all four (book ch.9 derives the variances).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations="sigmoid",
        cost="quadratic",
        seed: int | np.random.Generator | None = None,
        init: str = "normalized",
    ) -> None:
        self.sizes = _validate.layer_sizes("sizes", sizes)
        self.activations = _check_activations(activations, len(self.sizes) - 1)
        self.cost = _costs.get(cost)
        outputs = getattr(self.cost, "outputs", None)
        out_name = getattr(self.activations[-1], "name", None)
        if outputs is not None and out_name not in outputs:
            raise ValueError(
                f"cost {self.cost.name!r} needs outputs in (0, 1): the output activation "
                f"must be one of {list(outputs)}, got {out_name!r}"
            )
        if not isinstance(init, str) or init not in _INITS:
            raise ValueError(f"init must be one of {list(_INITS)}, got {init!r}")
        rng = _validate.rng(seed)
        std = _INITS[init]
        self.weights = [
            rng.standard_normal((n_out, n_in)) * std(n_in, n_out)
            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])
        ]
        self.biases = [rng.standard_normal((n, 1)) for n in self.sizes[1:]]

    # -- the forward pass (book ch.1) -----------------------------------------

    def feedforward(self, x) -> np.ndarray:
        """The output aᴸ for input ``x`` (a column or a batch of columns).

        Inference keeps nothing: each layer's z and a are dropped as soon as
        the next layer has them, so memory holds about two layers at a time
        (what training must store instead is :meth:`forward_trace`'s).
        """
        a = self._check_x(x)
        for w, b, act in zip(self.weights, self.biases, self.activations):
            z = w @ a
            z += b
            a = act.value(z)
        return a

    def forward_trace(self, x) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """``(zs, activations)``: every weighted input zˡ = wˡaˡ⁻¹ + bˡ and activation aˡ = σ(zˡ).

        ``activations[0]`` is ``x`` itself, so ``len(activations) == len(sizes)``
        and ``len(zs) == len(sizes) - 1``; ``zs[i]`` feeds ``activations[i + 1]``.
        """
        return self._trace(self._check_x(x))

    def _trace(
        self, x: np.ndarray, start: int = 0, stop: int | None = None
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The forward pass through weight layers ``start`` … ``stop - 1`` from ``x``.

        ``x`` is the activation entering layer ``start`` (the input when 0).
        Gradient checkpointing reruns segments with it, so that a recomputed
        z or a is the first pass's, bit for bit: the same code, in one place.
        """
        zs, activations = [], [x]
        a = x
        layers = slice(start, stop)
        for w, b, act in zip(self.weights[layers], self.biases[layers],
                             self.activations[layers]):
            z = w @ a
            z += b  # in place: one array per layer, not two
            a = act.value(z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    # -- gradients (book ch.3) ------------------------------------------------

    def backprop(
        self, x, y, checkpoint_every: int | None = None
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """``(nabla_b, nabla_w)``: the gradient of the mean cost over the columns of ``x``.

        Built from :func:`bplib.bp1` … :func:`bplib.bp4`; see :func:`bplib.backprop`,
        also for ``checkpoint_every`` (gradient checkpointing).
        """
        return _backprop(self, x, y, checkpoint_every=checkpoint_every)

    def cost_value(self, x, y, lmbda: float = 0.0, n: int | None = None) -> float:
        """Mean cost over the columns of ``x``, plus the L2 term (λ/2n)Σw² if ``lmbda`` > 0.

        Computed from the logits where the cost allows it, so a saturated output
        gives the exact cost rather than a clipped one.  ``n`` is the size of the
        training set the penalty is scaled by (default: the number of columns).
        """
        x, y = self._check_xy(x, y)
        lmbda = _validate.non_negative_number("lmbda", lmbda)
        zs, activations = self._trace(x)
        if natural_pair(self.cost, self.activations[-1]):  # exact in the logits
            c = self.cost.value_from_logits(zs[-1], y)
        else:
            c = self.cost.value(activations[-1], y)
        if lmbda:
            c += _costs.l2_penalty(self.weights, lmbda, n or x.shape[1])
        return c

    def accuracy(self, x, labels) -> float:
        """Fraction of columns whose largest output is at the true label's index."""
        x = self._check_x(x)
        labels = np.asarray(labels)
        if labels.shape != (x.shape[1],) or not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(
                f"labels must be {x.shape[1]} integers (one per column of x), "
                f"got shape {labels.shape} of {labels.dtype}"
            )
        return float(np.mean(self.feedforward(x).argmax(axis=0) == labels))

    def sgd(self, training_data, epochs: int, mini_batch_size: int, eta: float, **kwargs):
        """Train with mini-batch stochastic gradient descent; see :func:`bplib.sgd`."""
        from .train import sgd

        return sgd(self, training_data, epochs, mini_batch_size, eta, **kwargs)

    @property
    def num_params(self) -> int:
        """Number of weights and biases."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    def copy(self) -> Network:
        """An independent copy (same architecture, copied parameters)."""
        other = object.__new__(Network)
        other.sizes = list(self.sizes)
        other.activations = list(self.activations)
        other.cost = self.cost
        other.weights = [w.copy() for w in self.weights]
        other.biases = [b.copy() for b in self.biases]
        return other

    def __repr__(self) -> str:
        names = [getattr(a, "name", repr(a)) for a in self.activations]
        cost = getattr(self.cost, "name", self.cost)
        return f"Network({self.sizes}, activations={names}, cost={cost!r})"

    # -- checks at the door ---------------------------------------------------

    def _check_x(self, x) -> np.ndarray:
        return _validate.matrix("x", x, rows=self.sizes[0])

    def _check_xy(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        x = self._check_x(x)
        y = _validate.matrix("y", y, rows=self.sizes[-1], cols=x.shape[1])
        self._check_targets(y)
        return x, y

    def _check_targets(self, y: np.ndarray) -> None:
        """The cost's own demands on a validated target matrix."""
        if self.cost is _costs.cross_entropy and ((y < 0).any() or (y > 1).any()):
            raise ValueError("y must lie in [0, 1] for the cross-entropy cost")
        if self.cost is _costs.log_likelihood and self.activations[-1] is _act.softmax:
            sums = y.sum(axis=0)
            if (y < 0).any() or not np.allclose(sums, 1.0, rtol=0, atol=1e-9):
                raise ValueError(
                    "y must have non-negative columns that sum to 1 (one-hot targets) for "
                    f"softmax with log-likelihood, got column sums {np.round(sums, 6)[:5]}"
                )


def _check_activations(activations, n_layers: int) -> list:
    if isinstance(activations, (list, tuple)):
        if len(activations) != n_layers:
            raise ValueError(
                f"activations must have one entry per layer after the input "
                f"(len(sizes) - 1 = {n_layers}), got {len(activations)}"
            )
        return [_act.get(a, f"activations[{i}]") for i, a in enumerate(activations)]
    return [_act.get(activations, "activations")] * n_layers
