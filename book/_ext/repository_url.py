"""Write the book's repository URL into pages from the one place it is set.

``_config.yml`` holds the repository URL once (``repository: url:``); Jupyter
Book passes it to Sphinx as ``html_theme_options["repository_url"]`` for the
launch buttons.  A page that shows the URL to the reader -- the intro's
``git clone`` line, inside a code block where MyST substitutions do not
reach -- writes ``{{ repository_url }}`` (and ``{{ repository_name }}`` for
the folder the clone makes), and this extension replaces both when the
source is read, so a fork that changes ``_config.yml`` changes the page too.
"""

from __future__ import annotations


def _replace(app, docname, source) -> None:
    url = (app.config.html_theme_options or {}).get("repository_url", "")
    if not url:
        return
    name = url.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]
    source[0] = (
        source[0].replace("{{ repository_url }}", url).replace("{{ repository_name }}", name)
    )


def setup(app):
    app.connect("source-read", _replace)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
