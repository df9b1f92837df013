"""``dlkit release``: the student bundle holds the exercises, checks, kit,
datasets and student notebooks, and no solution text anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import code_lines, solution_regions

from dlkit import paths, registry, release

LONG_LINE = 45  # a solution line this long is distinctive enough to search for alone


def readable_text(path) -> str:
    """A file's text as code lines; a notebook's cells' sources."""
    text = path.read_text(errors="replace")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                         for c in cells)
    return "\n".join(code_lines(text))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return release.release(tmp_path_factory.mktemp("release") / "bundle")


def test_bundle_holds_what_students_need(bundle):
    for topic in registry.topics():
        assert (bundle / "exercises" / topic.module_file).exists()
        assert (bundle / "exercises" / "tests" / f"test_{topic.name}.py").exists()
        notebook = json.loads((bundle / "notebooks" / f"{topic.name}.ipynb").read_text())
        assert any(c["metadata"].get("nbgrader", {}).get("solution") for c in notebook["cells"])
    for name in ("README.md", "pyproject.toml", "dlkit/cli.py", "dlkit/datasets.py", "datasets/README.md"):
        assert (bundle / name).exists(), name
    readme = (bundle / "README.md").read_text()
    assert "JUPYTER_CONFIG_PATH=jupyter .venv/bin/jupyter lab notebooks/" in readme


def test_bundle_says_which_file_is_handed_in_and_validates_with_the_checks(bundle):
    readme = (bundle / "README.md").read_text()
    assert "hand in that one" in readme and "the `.py` is graded" in readme
    assert "dlkit check output_size --path notebooks" in readme
    for folder in (bundle, bundle / "notebooks"):  # JupyterLab's folder, and the notebooks'
        config = (folder / "nbgrader_config.py").read_text()
        assert "c.Execute.timeout = 600" in config
    for topic in registry.topics():
        notebook = json.loads((bundle / "notebooks" / f"{topic.name}.ipynb").read_text())
        checks = [c for c in notebook["cells"]
                  if c["metadata"].get("nbgrader", {}).get("grade_id", "").startswith("check_")]
        assert len(checks) == len(topic.hints), topic.name


def test_bundle_has_no_solutions_graders_or_kit_tests(bundle):
    top = {p.name for p in bundle.iterdir()}
    assert not top & {"solutions", "graders", "tests", "course", "benchmarks"}, top
    assert not list(bundle.rglob("test_*.py")) or all(
        p.parent == bundle / "exercises" / "tests" for p in bundle.rglob("test_*.py"))


def test_no_solution_text_anywhere_in_the_bundle(bundle):
    files = {p: readable_text(p) for p in bundle.rglob("*")
             if p.is_file() and p.suffix in (".py", ".ipynb", ".md", ".toml", ".txt", ".json", ".cfg")}
    assert len(files) > 20
    found = []
    for topic in registry.topics():
        for region in solution_regions((paths.SOLUTIONS / topic.module_file).read_text()):
            block = "\n".join(region)
            long_lines = [ln for ln in region if len(ln) >= LONG_LINE]
            for path, text in files.items():
                if block in text or any(ln in text for ln in long_lines):
                    found.append(f"{topic.name}: {path.relative_to(bundle)}: {region[:2]}")
    assert not found, found[:5]


@pytest.mark.slow
def test_bundle_installs_and_runs_its_checks_with_one_command(bundle):
    readme = (bundle / "README.md").read_text()
    command = next(ln.strip() for ln in readme.splitlines() if ln.strip().startswith("python3 -m venv"))
    command = command.replace("python3", sys.executable, 1) + " output_size"
    done = subprocess.run(command, shell=True, cwd=bundle, capture_output=True, text=True, timeout=900)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out[-3000:]  # the stubs fail every check...
    assert "not implemented yet" in out and "Traceback" not in out, out[-3000:]  # ...saying why


def test_students_jupyterlab_hides_nbgrader_instructor_panels(bundle):
    jupyter = Path(sys.executable).parent / "jupyter"
    done = subprocess.run([str(jupyter), "labextension", "list"], cwd=bundle,
                          env={**os.environ, "JUPYTER_CONFIG_PATH": "jupyter"},
                          capture_output=True, text=True, timeout=300)
    disabled = done.stdout + done.stderr
    disabled = disabled[disabled.index("Disabled extensions:"):]
    for plugin in release.INSTRUCTOR_PLUGINS:
        assert plugin in disabled, disabled
    assert "validate-assignment" not in disabled and "assignment-list" not in disabled
