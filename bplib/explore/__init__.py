"""The book's slider apps: each a pure compute function plus one widget that runs in the page.

App (view) and compute function, and the chapter that uses them:

:class:`SaturationApp`, :func:`train_neuron`
    chapter 8, learning slowdown of one neuron
:class:`LayerSaturationApp`, :func:`layer_saturation`
    chapter 8, saturation of a whole layer
:class:`DemonApp`, :func:`demon_effect`
    chapter 7, the demon
:class:`VanishingApp`, :func:`layer_speeds`
    chapter 9, vanishing gradients

Each app is an anywidget (``bplib.explore._widget.App``): its controls,
figure and readouts are JavaScript that computes and draws in the page, on
the book's static site as in JupyterLab, with the same numbers as the Python
compute function (checked by ``tests/test_conformance.py``).  In a kernel the
app's traits follow its controls: ``SaturationApp().w`` is the initial weight
the reader chose, and ``.run`` bplib's result for it.
"""

from .demon import DemonApp, DemonEffect, demon_effect
from .saturation import (
    LayerSaturationApp,
    LayerState,
    NeuronRun,
    SaturationApp,
    layer_saturation,
    train_neuron,
)
from .vanishing import LayerSpeeds, VanishingApp, layer_speeds

__all__ = [
    "DemonApp",
    "DemonEffect",
    "LayerSaturationApp",
    "LayerSpeeds",
    "LayerState",
    "NeuronRun",
    "SaturationApp",
    "VanishingApp",
    "demon_effect",
    "layer_saturation",
    "layer_speeds",
    "train_neuron",
]
