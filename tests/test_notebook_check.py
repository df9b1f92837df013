"""Students check themselves in the notebook: a check cell after each
function's cell runs its public checks on the saved notebook, and nbgrader's
Validate fails with their messages until the code is right."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import reference_source
from test_student_code import TOPIC, filled, released_notebook, write

from dlkit import notebooks, registry
from dlkit.notebook_check import ChecksFailed, check, find_notebook, unsaved_functions


def meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


@pytest.mark.parametrize("topic", [t.name for t in registry.topics()])
def test_each_function_cell_is_followed_by_its_check_cell(topic):
    t = registry.topic(topic)
    cells = notebooks.source_notebook(t)["cells"]
    solutions = [k for k, c in enumerate(cells) if meta(c).get("solution")]
    checked = []
    for k in solutions:
        function = meta(cells[k])["grade_id"].removeprefix("solution_")
        if function not in t.hints:
            continue
        after = cells[k + 1]
        assert meta(after) == {"schema_version": 3, "grade": True, "solution": False, "locked": True,
                               "grade_id": f"check_{function}", "points": 0}, after
        assert after["source"].endswith(f"check({topic!r}, {function!r})")
        assert "grade_cell" not in after["source"]
        checked.append(function)
    assert checked == list(t.hints)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return released_notebook(tmp_path_factory.mktemp("release"))


def test_check_cells_survive_the_release_and_are_not_module_code(release):
    from dlkit.submission import module_source

    checks = [c for c in release["cells"] if meta(c).get("grade_id", "").startswith("check_")]
    assert len(checks) == len(registry.topic(TOPIC).hints)
    assert "notebook_check" not in module_source(release)


def test_the_notebook_is_found_where_the_kernel_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert find_notebook(TOPIC) is None
    other = write(tmp_path / "renamed copy.ipynb", {"cells": [], "metadata": {"dlkit": {"topic": TOPIC}}})
    assert find_notebook(TOPIC) == other
    monkeypatch.setenv("JPY_SESSION_NAME", "some/folder/renamed copy.ipynb")  # relative to the server
    assert find_notebook(TOPIC) == tmp_path / "renamed copy.ipynb"


def test_code_run_but_not_saved_is_noticed(tmp_path, release, monkeypatch):
    notebook = write(tmp_path / f"{TOPIC}.ipynb", filled(release, reference_source(TOPIC)))
    ran = tmp_path / "ran.py"  # what the kernel ran: one function changed since the save
    ran.write_text(reference_source(TOPIC).replace("def same_padding(", "def same_padding(unsaved, "))
    monkeypatch.syspath_prepend(str(tmp_path))
    import ran as kernel

    namespace = {name: getattr(kernel, name) for name in registry.topic(TOPIC).hints}
    assert unsaved_functions(notebook, namespace) == ["same_padding"]
    exec("def same_padding():\n    pass\n", namespace)  # a source Python cannot give back: not judged
    assert unsaved_functions(notebook, namespace) == []


def test_check_raises_with_the_public_checks_messages(tmp_path, release, capsys):
    notebook = write(tmp_path / f"{TOPIC}.ipynb", release)
    with pytest.raises(ChecksFailed) as failed:
        check(TOPIC, "same_padding", notebook)
    message = str(failed.value)
    assert "same_padding does not pass its public checks yet" in message
    assert "FAIL test_same_padding_textbook_cases" in message and "[100%]" not in message
    assert "pool_output_length" not in message  # only this function's checks
    assert failed.value._render_traceback_() == [f"ChecksFailed: {message}"]
    assert "Checking same_padding" in capsys.readouterr().out


# -- nbgrader's Validate, which runs the notebook in a kernel ------------------------------

def validate(notebook: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    return subprocess.run([sys.executable, "-m", "nbgrader", "validate", notebook.name,
                           "--Execute.timeout=600"], cwd=notebook.parent, env=env,
                          capture_output=True, text=True, timeout=1200)


@pytest.mark.slow
def test_validate_fails_on_the_stub_and_wrong_code_and_passes_on_the_reference(tmp_path, release):
    stub = write(tmp_path / "stub" / f"{TOPIC}.ipynb", release)
    wrong = write(tmp_path / "wrong" / f"{TOPIC}.ipynb", filled(release, reference_source(TOPIC).replace(
        "out = (n + 2 * p - k_eff) // s + 1", "out = (n + 2 * p - k_eff) / s + 1")))
    right = write(tmp_path / "right" / f"{TOPIC}.ipynb", filled(release, reference_source(TOPIC)))
    assert json.loads(wrong.read_text()) != json.loads(right.read_text())
    done = validate(stub)
    assert "VALIDATION FAILED ON 4 CELL(S)" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    assert "not implemented yet" in done.stdout and "FAIL test_trace_shapes_small_cnn" in done.stdout
    done = validate(wrong)
    assert "VALIDATION FAILED ON" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    assert "conv_output_length does not pass its public checks yet" in done.stdout
    assert "mistake: result is a float; use integer division //" in done.stdout  # the whole message
    done = validate(right)
    assert "Success! Your notebook passes all the tests." in done.stdout, \
        done.stdout[-3000:] + done.stderr[-3000:]
