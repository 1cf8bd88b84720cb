"""Drop repeated <script> entries from every page.

sphinx-thebe adds its inline configuration (``const THEBE_JS_URL = ...``) on
every ``env-before-read-docs`` event, and a Jupyter Book build fires that
event more than once, so pages declared the constant twice and every reader's
console showed "Identifier 'THEBE_JS_URL' has already been declared".  A
script that is identical in source and attributes is only ever needed once.
"""

from __future__ import annotations


def _key(script) -> tuple:
    # An inline script comes back with filename None once and "" the other time.
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def _dedupe(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _dedupe, priority=900)  # after everyone has added theirs
    return {"parallel_read_safe": True, "parallel_write_safe": True}
