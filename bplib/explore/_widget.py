"""What every slider app shares: one anywidget that runs in the page.

An app is an :class:`anywidget.AnyWidget` whose controls are traitlets synced
with the browser.  Its view -- labelled range inputs, SVG panels, readouts
and a live text summary -- is the JavaScript in ``js/`` (``ui.js``,
``plot.js``, ``nn.js`` and one file per app), which computes and draws in the
page itself: a control redraws at once, in JupyterLab and on the book's
static site alike, where no kernel runs.  In a kernel the Python object
follows the controls (``app.w`` is what the reader set) and can set them.

The browser's numbers are bplib's: each app's JavaScript compute function is
held to the Python one by ``tests/test_conformance.py``; the
vanishing-gradient app, which trains, carries a table bplib computed.
Outside a browser (a PDF, a notebook viewer) an app shows a picture of its
initial state: its MIME bundle also holds a PNG, drawn with matplotlib from
the same compute function by :meth:`App.snapshot`.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import anywidget
import numpy as np
import traitlets

JS = Path(__file__).with_name("js")
SHARED = ("ui.js", "plot.js", "nn.js")


@functools.cache
def bundle(script: str) -> str:
    """The app's ES module: the shared files, then the app's own (which exports)."""
    return "\n".join((JS / name).read_text() for name in (*SHARED, script))


def values_between(lo: float, hi: float, step: float) -> list[float]:
    """The positions of a linear slider: lo, lo + step, ..., hi (rounded to the step's digits)."""
    count = round((hi - lo) / step)
    digits = max(0, -int(np.floor(np.log10(step))) + 2)
    return [round(lo + i * step, digits) for i in range(count + 1)]


def nice_values(lo: float, hi: float) -> list[float]:
    """Round positions for a slider over decades: 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ.

    Every value from ``lo`` to ``hi`` (both included when they are such numbers).
    """
    mantissas = (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
    values = []
    for k in range(int(np.floor(np.log10(lo))) - 1, int(np.ceil(np.log10(hi))) + 1):
        values += [float(f"{m * 10.0**k:.6g}") for m in mantissas]
    return sorted(v for v in values if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9))


def network_state(net, x: np.ndarray, y: np.ndarray) -> dict:
    """A small network, one input and its target, as JSON for the browser (floats exact)."""
    return {
        "weights": [w.tolist() for w in net.weights],
        "biases": [b.ravel().tolist() for b in net.biases],
        "x": x.ravel().tolist(),
        "y": y.ravel().tolist(),
    }


def slider(name: str, label: str, values: Sequence[float], digits: int = 3) -> dict:
    """A range input over ``values`` (sorted); integer values make an integer control."""
    integer = all(float(v).is_integer() for v in values) and all(isinstance(v, int) for v in values)
    return {"name": name, "label": label, "values": list(values), "digits": digits,
            "integer": integer}


def choice(name: str, label: str, options: Sequence[str], labels: dict | None = None) -> dict:
    """Radio buttons for ``options``; ``labels`` says what to show for each."""
    return {"name": name, "label": label, "options": list(options), "labels": labels or {}}


class App(anywidget.AnyWidget):
    """Base class: a subclass names its ``script``, declares its ``controls``
    and traits, and draws its :meth:`snapshot`."""

    script: ClassVar[str]
    controls: ClassVar[list[dict]]
    _css = (JS / "app.css").read_text()
    _controls = traitlets.List().tag(sync=True)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "script" in cls.__dict__:
            cls._esm = bundle(cls.script)

    def __init__(self, **values) -> None:
        for spec in self.controls:
            name = spec["name"]
            if name in values:
                values[name] = self._checked(spec, values[name])
        super().__init__(_controls=self.controls, **values)
        names = [spec["name"] for spec in self.controls]
        self._register_validator(App._validate_control, names)  # called as (self, proposal)

    @staticmethod
    def _checked(spec: dict, value):
        """A control's value, or a ValueError/TypeError naming it and what it accepts."""
        name = spec["name"]
        if "options" in spec:
            if value not in spec["options"]:
                raise ValueError(f"{name} must be one of {spec['options']}, got {value!r}")
            return value
        kinds = (int, np.integer) if spec["integer"] else (int, float, np.integer, np.floating)
        if isinstance(value, bool) or not isinstance(value, kinds):
            kind = "an integer" if spec["integer"] else "a number"
            raise TypeError(f"{name} must be {kind}, got {value!r}")
        lo, hi = spec["values"][0], spec["values"][-1]
        if not (lo <= value <= hi):  # also refuses NaN
            raise ValueError(f"{name} must lie in [{lo}, {hi}], got {value!r}")
        return int(value) if spec["integer"] else float(value)

    def _validate_control(self, proposal):
        spec = next(s for s in self.controls if s["name"] == proposal["trait"].name)
        return self._checked(spec, proposal["value"])

    @property
    def state(self) -> dict:
        """The current value of every control, by name."""
        return {spec["name"]: getattr(self, spec["name"]) for spec in self.controls}

    def snapshot(self):  # pragma: no cover - abstract
        """A matplotlib Figure of the current state (for the PNG in the MIME bundle)."""
        raise NotImplementedError

    def settings_text(self) -> str:
        """The controls' current values in words, as the picture's caption says them."""
        def shown(spec: dict) -> str:
            value = getattr(self, spec["name"])
            if "options" in spec:
                return str(spec["labels"].get(value, value))
            return f"{value:.{spec['digits']}g}" if isinstance(value, float) else str(value)

        return ", ".join(f"{spec['label']} = {shown(spec)}" for spec in self.controls)

    def png(self) -> bytes:
        """The snapshot with a caption naming the settings it shows (a PDF or a
        notebook viewer shows this picture instead of the live app)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        figure = self.snapshot()
        FigureCanvasAgg(figure)
        figure.text(0.5, 0, f"The app at {self.settings_text()}. "
                    "Its sliders move on the website and in Binder.",
                    ha="center", va="top", fontsize=9, color="0.25", wrap=True)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["image/png"] = self.png()
        return data, metadata
