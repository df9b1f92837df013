"""Stubs are generated from the solutions, and drift is caught."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from dlkit import build, paths, registry

SOLUTION = textwrap.dedent('''\
    """Instructions."""
    import numpy as np

    ### BEGIN SOLUTION
    def _helper(x):
        return x
    ### END SOLUTION


    def area(w, h):
        """Area of a rectangle."""
        ### BEGIN SOLUTION
        return _helper(w) * h
        ### END SOLUTION


    class Box:
        def volume(self, d):
            """Volume."""
            ### BEGIN SOLUTION
            return d ** 3
            ### END SOLUTION
''')


def test_regions_become_not_implemented_and_docstrings_stay():
    stub = build.make_stub(SOLUTION)
    assert '"""Area of a rectangle."""' in stub and '"""Volume."""' in stub
    assert 'raise NotImplementedError("area is not implemented yet")' in stub
    assert 'raise NotImplementedError("volume is not implemented yet")' in stub
    assert "_helper" not in stub and "return" not in stub and "BEGIN" not in stub
    compile(stub, "stub", "exec")


@pytest.mark.parametrize("broken", [
    "def f():\n    ### BEGIN SOLUTION\n    return 1\n",
    "def f():\n    return 1\n    ### END SOLUTION\n",
    "def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    ### END SOLUTION\n",
])
def test_unbalanced_markers_are_errors(broken):
    with pytest.raises(build.MarkerError):
        build.make_stub(broken)


def test_committed_stubs_match_the_solutions():
    assert build.check() == []


def test_every_solution_has_regions_and_every_function_a_stub():
    for topic in registry.topics():
        source = (paths.SOLUTIONS / topic.module_file).read_text()
        assert build.BEGIN in source, topic.name
        stub = build.make_stub(source)
        assert "NotImplementedError" in stub


def test_drift_is_detected_and_rebuilt(tmp_path):
    for folder in ("solutions", "exercises", "graders", "course"):
        shutil.copytree(paths.ROOT / folder, tmp_path / folder)
    name = registry.topics()[0].name
    solution = tmp_path / "solutions" / f"{name}.py"
    solution.write_text(solution.read_text().replace('"""', '"""Changed. ', 1))
    problems = build.check(tmp_path)
    stub = tmp_path / "exercises" / f"{name}.py"
    notebook = tmp_path / "course" / "source" / name / f"{name}.ipynb"
    assert len(problems) == 2 and all("Changed." in p for p in problems), problems
    assert str(stub) in problems[0] and str(notebook) in problems[1]
    assert build.build(tmp_path) == [stub, notebook]
    assert build.check(tmp_path) == []


def test_nbgrader_and_gradebook_working_files_are_ignored_by_git():
    """An instructor who runs nbgrader and `dlkit grade` in a clone must not
    be offered students' work or grades to commit."""
    import subprocess

    root = paths.ROOT
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    working = ["course/gradebook.db", "course/release/conv_by_hand/conv_by_hand.ipynb",
               "course/submitted/alice/conv_by_hand/conv_by_hand.ipynb",
               "course/autograded/alice/conv_by_hand/conv_by_hand.ipynb",
               "course/feedback/alice/conv_by_hand/conv_by_hand.html", "course/grades.csv",
               "gradebook/gradebook.csv"]
    done = subprocess.run(["git", "check-ignore", "--no-index", *working], cwd=root,
                          capture_output=True, text=True)
    assert sorted(done.stdout.split()) == sorted(working)
    kept = ["course/nbgrader_config.py", "course/source/conv_by_hand/conv_by_hand.ipynb"]
    done = subprocess.run(["git", "check-ignore", "--no-index", *kept], cwd=root,
                          capture_output=True, text=True)
    assert done.stdout.split() == []
