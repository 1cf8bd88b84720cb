"""What a reader who presses the Binder button gets.

mybinder.org builds the repository with repo2docker.  Run in ``--no-build``
mode, the real tool prints the Dockerfile it would build, without Docker and
without the network; these tests read that Dockerfile.  A ``.binder/`` or
``binder/`` folder would silently replace the root configuration (repo2docker
then ignores requirements.txt, runtime.txt and postBuild), so its Python, its
installs and its postBuild run are asserted here, and the Binder-like
environment that ``make test`` builds (``.venv-binder``, the live-kernel
test's kernel) is checked against the same steps.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from conftest import BINDER_VENV, ROOT, binder_python, toc_pages

# The lines of the Dockerfile that turn the repository into the environment,
# after repo2docker copies it in, in order.  The Makefile's $(BINDER_STAMP)
# recipe performs the same steps; change both together.
ASSEMBLE = [
    'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "requirements.txt"',
    "RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir .",
    "RUN chmod +x postBuild",
    "RUN ./postBuild",
]
TEST_ONLY = ["pytest", "hypothesis", "playwright", "ruff", "repo2docker"]


def clean_copy(dest: Path) -> Path:
    """The repository as a fresh clone would hold it, with uncommitted edits:
    every tracked or new file that .gitignore does not exclude."""
    files = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@cache
def dockerfile(tmp: str) -> str:
    repo = clean_copy(Path(tmp) / "repo")
    repo2docker = Path(sys.executable).with_name("repo2docker")
    result = subprocess.run(
        [
            str(repo2docker),
            "--no-build",
            "--no-run",
            "--debug",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            str(repo),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> str:
    return dockerfile(str(tmp_path_factory.mktemp("repo2docker")))


def test_no_binder_folder_hides_the_root_configuration():
    for folder in (".binder", "binder"):
        assert not (ROOT / folder).exists(), (
            f"{folder}/ exists: repo2docker would read only it and ignore requirements.txt, "
            "runtime.txt and postBuild at the root"
        )


def test_repo2docker_uses_the_python_of_runtime_txt(printed):
    version = re.fullmatch(r"python-(\d+\.\d+)\s*", (ROOT / "runtime.txt").read_text())
    assert version, "runtime.txt must read python-X.Y"
    assert f"Building conda environment for python={version[1]}" in printed, printed[:2000]
    lock = re.search(r"environment-2epy-2d(\d+)-2e(\d+)-2d", printed)
    assert lock and f"{lock[1]}.{lock[2]}" == version[1]


def test_repo2docker_installs_requirements_then_runs_postbuild(printed):
    after_copy = printed.split("COPY --chown=1000:1000 src/ ${REPO_DIR}/", 1)
    assert len(after_copy) == 2, "repo2docker no longer copies the repository in one step"
    steps = [line.strip() for line in after_copy[1].splitlines() if line.startswith("RUN ")]
    assert steps == ASSEMBLE, steps


def test_the_binder_environment_follows_the_same_steps():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("$(BINDER_STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "pip install --quiet -r requirements.txt" in recipe
    assert "pip install --quiet .\n" in recipe
    assert recipe.index("-r requirements.txt") < recipe.index("install --quiet .\n")
    assert recipe.index("install --quiet .\n") < recipe.index("./postBuild")


def test_the_binder_environment_has_nothing_binder_lacks(tmp_path):
    python = binder_python()
    probe = (
        "import importlib.util, json, sys, bplib; "
        "print(json.dumps({'prefix': sys.prefix, 'bplib': bplib.__file__, 'found': "
        f"[m for m in {TEST_ONLY!r} if importlib.util.find_spec(m)]}}))"
    )
    # Run outside the repository: from its root, `import bplib` would find the source folder.
    out = subprocess.run(
        [python, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )

    found = json.loads(out.stdout)
    assert found["found"] == [], f"the Binder environment has test-only packages {found['found']}"
    # Installed from the repository as Binder installs it, not as an editable link to it.
    assert Path(found["bplib"]).resolve().is_relative_to(Path(found["prefix"]).resolve())
    assert (BINDER_VENV / "home/.jupyter/labconfig/default_setting_overrides.json").is_file()


def chapter_imports() -> set[str]:
    """Top-level modules imported by any code cell of any page of the book."""
    import jupytext

    modules: set[str] = set()
    for page in toc_pages():
        notebook = jupytext.read(ROOT / f"{page}.md")
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            lines = cell.source.splitlines()
            source = "\n".join(x for x in lines if not x.lstrip().startswith(("%", "!")))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules


def test_every_module_a_chapter_imports_is_in_the_binder_environment(tmp_path):
    modules = sorted(chapter_imports())
    assert {"numpy", "sympy", "bplib", "myst_nb"} <= set(modules), modules
    probe = (
        "import importlib.util, sys; "
        f"print([m for m in {modules!r} if importlib.util.find_spec(m) is None])"
    )
    out = subprocess.run(
        [binder_python(), "-c", probe], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", f"Binder lacks modules the chapters import: {out.stdout}"
    assert importlib.util.find_spec("pytest")  # the probe above really runs elsewhere
