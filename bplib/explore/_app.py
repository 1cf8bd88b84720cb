"""The thin view every slider app shares.

A figure is drawn off-screen (matplotlib's Agg canvas, not pyplot) and shown
as PNG bytes in an ``ipywidgets.Image``.  Moving a slider calls the app's
pure compute function and updates the *existing* artists (``set_data``,
``set_height``, ...); nothing is rebuilt.

Rendering is what a slider move costs, so the static parts -- axes, ticks,
labels -- are drawn once and cached.  Artists registered with
:meth:`FigureApp.dynamic` are "blitted": the cached background is restored
and only they are drawn again.  An app whose axis range changes asks for a
full redraw by returning True from :meth:`redraw`.  The static website shows
the initial state because the image is part of the saved widget state.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator
from matplotlib.transforms import Bbox
from PIL import Image

# Plain-text tick labels ("1e-06"): mathtext labels cost more to draw than the data.
_PLAIN_LOG_LABELS = "{x:.0e}"


@functools.cache
def _figure_image_class():
    """``ipywidgets.Image`` whose tooltip works, made on first use (ipywidgets is lazy).

    The Image widget has no alt attribute; its ``tooltip`` becomes the img's
    ``title``, which screen readers read and the book's site copies to ``alt``.
    But ipywidgets 8's ``DOMWidgetView.updateTooltip`` reads the model's
    ``description``, which Image lacks: the TypeError stops the view from
    rendering at all.  Syncing an empty ``description`` fixes that; the model
    and view names stay Image's, so every frontend draws it as an Image.
    """
    import ipywidgets as widgets
    from traitlets import Unicode

    class FigureImage(widgets.Image):
        description = Unicode("").tag(sync=True)

    return FigureImage


class FigureApp:
    """Base class: subclasses build controls and artists, and implement :meth:`redraw`."""

    dpi = 80  # enough for a book column; every extra pixel costs render time

    def __init__(
        self,
        controls: Mapping[str, object],
        alt: str,
        figsize: tuple[float, float] = (9.5, 3.0),  # the width of a book column
    ) -> None:
        import ipywidgets as widgets

        self.controls = dict(controls)
        self.figure = Figure(figsize=figsize, dpi=self.dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.image = _figure_image_class()(
            format="png", layout=widgets.Layout(max_width="100%"), tooltip=alt
        )
        self.image.add_class("bp-figure")
        self.alt = alt
        self._dynamic: list = []
        self._background = None
        self._axes_boxes: dict = {}
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        box = widgets.Box(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        self.widget = widgets.VBox([box, self.image])

    def dynamic(self, *artists):
        """Mark artists that change on every update: they are drawn over the cached background."""
        for artist in artists:
            artist.set_animated(True)
            self._dynamic.append(artist)
        return artists[0] if len(artists) == 1 else artists

    @staticmethod
    def plain_log_axis(ax, which: str = "y") -> None:
        """A log axis with a few plain-text labels and no minor ticks (fast to draw)."""
        axis = ax.yaxis if which == "y" else ax.xaxis
        axis.set_major_locator(LogLocator(numticks=6))
        axis.set_major_formatter(_PLAIN_LOG_LABELS)
        axis.set_minor_locator(NullLocator())

    @staticmethod
    def few_ticks(*axes) -> None:
        """At most five labelled ticks on the linear axes of ``axes``: every label costs."""
        for ax in axes:
            for axis in (ax.xaxis, ax.yaxis):
                if axis.get_scale() == "linear":
                    axis.set_major_locator(MaxNLocator(nbins=4))

    @property
    def values(self) -> dict[str, object]:
        """The current value of every control, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def redraw(self):  # pragma: no cover - abstract
        """Recompute and update the artists.

        Return what of the static picture changed: False (nothing: blit), True
        (everything), or the axes whose range or ticks changed.
        """
        raise NotImplementedError

    def render(self, changed=True) -> bytes:
        """Draw what changed, then the dynamic artists, and show the PNG in the image."""
        if changed is True or self._background is None:
            self.canvas.draw()  # everything but the dynamic artists
        else:
            self.canvas.restore_region(self._background)
            if changed:
                self._redraw_axes(list(changed))
        if changed is not False or self._background is None:
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        for artist in self._dynamic:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        width, height = self.canvas.get_width_height()
        Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=1
        )
        self.image.value = buffer.getvalue()
        return self.image.value

    def _redraw_axes(self, axes) -> None:
        """Repaint only these axes, with their labels, over the cached background."""
        renderer = self.canvas.get_renderer()
        for ax in axes:
            if ax not in self._axes_boxes:  # measured once: measuring costs a draw
                box = ax.get_tightbbox(renderer).padded(12)  # room for wider tick labels
                self._axes_boxes[ax] = Bbox.intersection(box, self.figure.bbox)
            box = self._axes_boxes[ax]
            patch = Rectangle(
                (box.x0, box.y0),
                box.width,
                box.height,
                facecolor=self.figure.get_facecolor(),
                edgecolor="none",
                transform=None,
            )
            patch.set_figure(self.figure)
            patch.draw(renderer)
            ax.draw(renderer)

    def update(self) -> bytes:
        """What one slider move costs: recompute, update artists, render."""
        return self.render(self.redraw())

    def _on_change(self, change) -> None:
        self.update()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
