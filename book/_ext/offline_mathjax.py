"""Self-host MathJax so the site renders equations with no network at all.

Sphinx loads MathJax from a CDN by default.  This extension points
``mathjax_path`` at a local copy instead and copies, from the pinned
``django-static-mathjax`` wheel (MathJax 3.2.2 files, nothing else), just the
parts ``tex-chtml.js`` loads at run time: the CommonHTML output and its
fonts, the TeX extensions it can autoload, and the menu and accessibility
components.  Readers, tests and CI all see the same pinned MathJax.  It also
adds a small shim for the widget manager, which still speaks MathJax 2.
"""

from __future__ import annotations

import shutil
from pathlib import Path

MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "input/tex/extensions", "a11y", "ui")


def _mathjax_source() -> Path:
    import mathjax  # provided by django-static-mathjax

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def _set_path(app, config) -> None:
    config.mathjax_path = "mathjax/tex-chtml.js"  # relative: served from _static/


def _copy(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = _mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        src, dst = source / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def setup(app):
    if not (_mathjax_source() / "tex-chtml.js").is_file():
        raise RuntimeError("MathJax files not found: pip install -r requirements.txt")
    # Widgets call MathJax 2's Hub.Queue; book/_static/mathjax_hub_shim.js maps it to
    # MathJax 3.  Loaded first, so it is in place before MathJax or the widgets.
    app.add_js_file("mathjax_hub_shim.js", priority=100)
    app.connect("config-inited", _set_path)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
