"""bplib: the small NumPy library that *Backpropagation, Derived* checks every equation against.

Public API (what the book and its readers rely on):

* :class:`Network` -- ``feedforward``, ``forward_trace``, ``backprop``, ``sgd``
* :func:`bp1`, :func:`bp2`, :func:`bp3`, :func:`bp4` -- the four fundamental equations
* :func:`backprop`, :func:`backprop_per_example` -- the gradient, batched or per column
* :func:`backward` -- the backward pass alone, given a forward pass's (zs, activations)
* :func:`sgd`, :class:`History` -- mini-batch stochastic gradient descent
* :func:`gradcheck`, :func:`numerical_gradient` -- central finite differences
* :func:`load_digits` -- scikit-learn's bundled 8×8 digits, as columns;
  :func:`load_mnist` -- MNIST from IDX files you already have
* activations ``sigmoid``, ``relu``, ``tanh``, ``identity``, ``softmax`` (objects,
  and by name in :data:`ACTIVATIONS`); costs ``quadratic``, ``cross_entropy``,
  ``log_likelihood`` (by name in :data:`COSTS`: ``"quadratic"``,
  ``"cross-entropy"``, ``"log-likelihood"``)
"""

from .activations import ACTIVATIONS, identity, relu, sigmoid, softmax, tanh
from .backprop import backprop, backprop_per_example, backward, bp1, bp2, bp3, bp4
from .costs import COSTS, cross_entropy, log_likelihood, quadratic
from .data import load_digits, load_mnist
from .gradcheck import gradcheck, numerical_gradient
from .network import Network
from .train import History, sgd

__version__ = "0.1.0"

__all__ = [
    "Network",
    "bp1",
    "bp2",
    "bp3",
    "bp4",
    "backprop",
    "backprop_per_example",
    "backward",
    "sgd",
    "History",
    "gradcheck",
    "numerical_gradient",
    "load_digits",
    "load_mnist",
    "ACTIVATIONS",
    "COSTS",
    "sigmoid",
    "relu",
    "tanh",
    "identity",
    "softmax",
    "quadratic",
    "cross_entropy",
    "log_likelihood",
]
