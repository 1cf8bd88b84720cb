"""The book's slider apps: each a pure compute function plus a thin ipywidgets view.

App (view) and compute function, and the chapter that uses them:

:class:`SaturationApp`, :func:`train_neuron`
    chapter 8, learning slowdown of one neuron
:class:`LayerSaturationApp`, :func:`layer_saturation`
    chapter 8, saturation of a whole layer
:class:`DemonApp`, :func:`demon_effect`
    chapter 7, the demon
:class:`VanishingApp`, :func:`layer_speeds`
    chapter 9, vanishing gradients

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
