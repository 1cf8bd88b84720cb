"""The vendored front-end files are the pinned npm packages, unchanged: the
site's (book/_vendor) and the accessibility test's axe-core (tests/axe).

book/_vendor/update.sh copies them from the packages in package-lock.json and
records each file's package, version and SHA-256 in vendored.json.  Here:
every file is there with that checksum, nothing else is, the versions are the
locked ones, and they match the Python side (anywidget's front end must be
the version of the anywidget package Binder and the build install).
"""

from __future__ import annotations

import hashlib
import json
import re

from conftest import ROOT

VENDOR = ROOT / "book" / "_vendor"
SERVED = ROOT / "book" / "_static" / "widgets"
OURS = {"README.md", "require-config.js"}


def test_every_vendored_file_has_its_recorded_checksum():
    record = json.loads((VENDOR / "vendored.json").read_text())
    for name, entry in record.items():
        digest = hashlib.sha256((SERVED / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} differs from {entry['package']}"
    served = {p.relative_to(SERVED).as_posix() for p in SERVED.rglob("*") if p.is_file()}
    assert served - OURS == set(record), served ^ set(record)
    assert (SERVED / "require-config.js").read_text() == (VENDOR / "require-config.js").read_text()


def test_versions_are_the_locked_ones_and_match_python():
    record = json.loads((VENDOR / "vendored.json").read_text())
    lock = json.loads((VENDOR / "package-lock.json").read_text())["packages"]
    wanted = json.loads((VENDOR / "package.json").read_text())["dependencies"]
    for entry in record.values():
        assert lock[f"node_modules/{entry['package']}"]["version"] == entry["version"]
        assert wanted[entry["package"]] == entry["version"]  # pinned exactly
    requirements = (ROOT / "requirements.txt").read_text()
    python_anywidget = re.search(r"^anywidget==(\S+)", requirements, re.M)[1]
    assert wanted["anywidget"] == python_anywidget
    ipywidgets = re.search(r"^ipywidgets==(\d+)\.", requirements, re.M)[1]
    assert ipywidgets == "8" and wanted["@jupyter-widgets/html-manager"].startswith("1.")


def test_the_site_config_loads_the_vendored_files_in_order():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    scripts = list(config["nb_ipywidgets_js"])
    assert scripts == ["widgets/require.js", "widgets/require-config.js", "widgets/embed-amd.js"]
    cdn = config["nb_ipywidgets_js"]["widgets/embed-amd.js"]["data-jupyter-widgets-cdn"]
    assert not cdn.startswith(("http:", "https:", "//")), "the widget manager must not use a CDN"


AXE = ROOT / "tests" / "axe"  # the accessibility test's engine (tests/axe/update.sh)


def test_axe_is_the_pinned_npm_package_unchanged():
    record = json.loads((AXE / "vendored.json").read_text())
    lock = json.loads((AXE / "package-lock.json").read_text())["packages"]
    wanted = json.loads((AXE / "package.json").read_text())["dependencies"]
    assert set(record) == {"axe.min.js", "LICENSE.txt"}
    for name, entry in record.items():
        digest = hashlib.sha256((AXE / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} differs from {entry['package']}"
        assert lock["node_modules/axe-core"]["version"] == entry["version"] == wanted["axe-core"]
    assert (AXE / "axe.min.js").read_text()[:40].startswith(f"/*! axe v{wanted['axe-core']}")
