"""`dlkit check` reads what the student works in: a `.py`, a released
notebook, or a folder of either; one function's checks; which file is
checked when a folder holds both."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import reference_source, stub_source

from dlkit import module_chunks, notebooks, paths, public_checks, registry
from dlkit.submission import find_code, same_code

TOPIC = "output_size"  # its checks train nothing: a check run costs the TensorFlow import only


def dlkit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlkit.cli", *args], capture_output=True,
                          text=True, timeout=600)


def released_notebook(tmp: Path, topic: str = TOPIC) -> dict:
    """The notebook students get: ``nbgrader generate_assignment`` on the
    course's source notebook (no kernel, no TensorFlow: seconds)."""
    course = tmp / "course"
    (course / "source").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text((paths.ROOT / "course" / "nbgrader_config.py").read_text())
    src = paths.ROOT / "course" / "source" / topic / f"{topic}.ipynb"
    (course / "source" / topic).mkdir()
    (course / "source" / topic / f"{topic}.ipynb").write_text(src.read_text())
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", topic,
                           "--log-level=WARN"], cwd=course, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((course / "release" / topic / f"{topic}.ipynb").read_text())


def filled(nb: dict, source: str) -> dict:
    """``nb`` with each solution cell written as ``source`` writes it."""
    nb = json.loads(json.dumps(nb))
    _, chunks = module_chunks.module_chunks(source)
    by_name = {c.name: c.source for c in chunks}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            text = by_name[meta["grade_id"].removeprefix("solution_")]
            cell["source"] = "\n".join(ln for ln in text.splitlines()
                                       if ln.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    return nb


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return released_notebook(tmp_path_factory.mktemp("release"))


def write(path: Path, nb: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notebooks.notebook_text(nb))
    return path


def checks_run(out: str) -> list[str]:
    return [ln.split()[1] for ln in out.splitlines() if ln.startswith(("  ok", "  FAIL"))]


# -- quick: which file, which checks -------------------------------------------------

@pytest.mark.parametrize("topic", [t.name for t in registry.topics()])
def test_every_function_has_public_checks_and_every_check_a_function(topic):
    t = registry.topic(topic)
    by_function = public_checks.checks_by_function(t)
    assert list(by_function) == list(t.hints)
    assert all(by_function.values()), {f: c for f, c in by_function.items() if not c}
    tree = ast.parse((paths.PUBLIC_CHECKS / f"test_{topic}.py").read_text())
    tests = {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}
    assert tests == {name for names in by_function.values() for name in names}


def test_a_check_belongs_to_the_functions_its_name_names():
    by_function = public_checks.checks_by_function(registry.topic("sequential_cnn"))
    assert by_function["train_cnn"] == ["test_train_cnn_tiny_run"]
    assert "test_train_cnn_tiny_run" not in by_function["build_cnn"]  # it only builds the model to train
    losses = public_checks.checks_by_function(registry.topic("activations_losses"))
    assert losses["mae"] == losses["mse"] == ["test_mse_and_mae"]
    callbacks = public_checks.checks_by_function(registry.topic("callbacks"))
    assert callbacks["StopAtThreshold"] == ["test_stop_at_threshold_textbook_epochs"]


def test_unknown_function_is_an_error_listing_the_real_ones():
    for command in ("check", "hint"):
        done = dlkit(command, "conv_by_hand", "conv2D")
        assert done.returncode == 2, done.stdout
        assert "no function 'conv2D'" in done.stderr and "conv2d, convolve2d" in done.stderr, done.stderr


def test_the_py_is_the_code_when_a_folder_holds_both(tmp_path, release):
    (tmp_path / f"{TOPIC}.py").write_text(stub_source(TOPIC))
    write(tmp_path / f"{TOPIC}.ipynb", release)
    code = find_code(tmp_path, TOPIC)
    assert code.path == tmp_path / f"{TOPIC}.py" and code.other is None  # the untouched notebook
    (tmp_path / f"{TOPIC}.py").write_text(reference_source(TOPIC))
    assert find_code(tmp_path, TOPIC).other is None  # work in the .py only: nothing to warn about
    (tmp_path / f"{TOPIC}.py").write_text(stub_source(TOPIC))
    write(tmp_path / f"{TOPIC}.ipynb", filled(release, reference_source(TOPIC)))
    code = find_code(tmp_path, TOPIC)
    assert code.path == tmp_path / f"{TOPIC}.py" and code.other == tmp_path / f"{TOPIC}.ipynb"
    assert "output_size.py is the one checked" in code.differs_warning()
    (tmp_path / f"{TOPIC}.py").unlink()
    assert find_code(tmp_path, TOPIC).path == tmp_path / f"{TOPIC}.ipynb"


def test_same_code_ignores_comments_layout_and_the_docstring():
    ref = reference_source(TOPIC)
    assert same_code(ref, "# a comment\n" + ref.replace('"""', '"""\n', 1))
    assert not same_code(ref, stub_source(TOPIC))


# -- a check run each: the TensorFlow import ---------------------------------------------

def test_check_reads_a_notebook_folder(tmp_path, release):
    write(tmp_path / "notebooks" / f"{TOPIC}.ipynb", filled(release, reference_source(TOPIC)))
    done = dlkit("check", TOPIC, "--path", str(tmp_path / "notebooks"))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "5 / 5" in done.stdout and "FAIL" not in done.stdout


def test_check_one_function_of_a_notebook_file(tmp_path, release):
    notebook = write(tmp_path / "my copy.ipynb", release)  # a copy under another name, the stub
    done = dlkit("check", TOPIC, "same_padding", "--path", str(notebook))
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert checks_run(done.stdout) == ["test_same_padding_textbook_cases"], done.stdout
    assert "not implemented yet" in done.stdout or "NotImplementedError" in done.stdout, done.stdout


def test_check_warns_which_file_it_checks_when_both_differ(tmp_path, release):
    (tmp_path / f"{TOPIC}.py").write_text(reference_source(TOPIC))
    write(tmp_path / f"{TOPIC}.ipynb", filled(release, stub_source(TOPIC).replace(
        'raise NotImplementedError("same_padding is not implemented yet")', "return (0, 0)")))
    done = dlkit("check", TOPIC, "conv_output_length", "--path", str(tmp_path))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"{TOPIC}.py is the one checked here" in done.stderr, done.stderr
