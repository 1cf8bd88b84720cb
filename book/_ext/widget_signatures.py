"""Give the slider apps their own signatures in the API appendix.

The apps are anywidget widgets, and traitlets' metaclass machinery defines a
``__new__(*args, **kwargs)`` that Sphinx's autodoc prefers to the class's
``__init__``: every app was documented as ``SaturationApp(*args, **kwargs)``.
For those classes, use ``__init__``'s signature, as a reader calls them.
"""

from __future__ import annotations

import inspect


def _signature(app, what, name, obj, options, signature, return_annotation):
    if what != "class" or not inspect.isclass(obj) or "__init__" not in vars(obj):
        return None
    from bplib.explore._widget import App

    if not issubclass(obj, App):
        return None
    from sphinx.util.inspect import signature as sphinx_signature
    from sphinx.util.inspect import stringify_signature

    sig = sphinx_signature(obj.__init__, bound_method=True)
    return stringify_signature(sig, show_return_annotation=False), return_annotation


def setup(app):
    app.connect("autodoc-process-signature", _signature)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
