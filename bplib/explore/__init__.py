"""The book's slider apps: each a pure compute function plus a thin ipywidgets view.

=====================  =========================  ======================
app (view)             compute function           chapter
=====================  =========================  ======================
:class:`SaturationApp`       :func:`train_neuron`       8, learning slowdown
:class:`LayerSaturationApp`  :func:`layer_saturation`   8, learning slowdown
:class:`DemonApp`            :func:`demon_effect`       7, the demon
:class:`VanishingApp`        :func:`layer_speeds`       9, vanishing gradients
=====================  =========================  ======================

The compute functions need only NumPy and bplib; the views need matplotlib
and ipywidgets, imported when a view is made.
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
