"""The README's example runs as printed, and says what it claims."""

import re

import numpy as np
from conftest import ROOT


def test_readme_python_example_runs():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "README has no python example"
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    assert namespace["history"].evaluation_accuracy[-1] > 0.9
    assert namespace["nabla_w"][0].shape == (30, 64)
    error = namespace["bplib"].gradcheck(
        namespace["net"], namespace["digits"].test.x[:, :3], namespace["digits"].test.y[:, :3]
    )
    assert error < 1e-7 and np.isfinite(error)


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text()[:800]
    assert "make book" in head and "make test" in head


def test_readme_names_the_tex_packages_make_tex_installs():
    from conftest import tex_packages

    readme = (ROOT / "README.md").read_text()
    command = re.search(r"sudo apt-get install --no-install-recommends ([^`]+?)\n```", readme, re.S)
    assert command, "README has no apt-get line for TeX Live"
    assert " ".join(command[1].replace("\\", " ").split()) == tex_packages()
