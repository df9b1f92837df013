"""nbgrader: source notebooks generated from the solutions, and the real
nbgrader commands (generate_assignment, autograde, generate_feedback,
export) run against a real gradebook, giving the same points per test as
``dlkit grade``."""

from __future__ import annotations

import ast
import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import code_lines, grade, make_submission, solution_regions

from dlkit import catalog, module_chunks, notebooks, paths, registry
from dlkit.submission import module_source

TOPIC = "output_size"  # quick to grade; the pipeline is the same for every topic
STUDENTS = {  # student -> catalog mistake (None: the reference; "stub": the released notebook as is)
    "alice": None,
    "bob": "dilation_ignored",
    "carol": "stub",
    "dave": "batch_dimension_included",
}
# student -> code their stub notebook starts with: each took 20 / 20 when the
# autograder cells ran in the kernel where the student's cells had run
FULL_MARKS = ", ".join(f"({t.name!r}, {t.points!r})" for t in notebooks.hidden_tests(registry.topic(TOPIC)))
HOSTILE = {
    "erin_patches_grade_cell": "import dlkit.autograde as a\na.grade_cell = lambda *k, **kw: None\n",
    "frank_fakes_the_reports": (
        "import dlkit.autograde as a\n"
        "class AllPassed(dict):\n"
        "    def __contains__(self, key):\n"
        "        return True\n"
        "    def __getitem__(self, key):\n"
        "        return {'tests': [{'name': n, 'points': p, 'max_points': p, 'passed': True,\n"
        f"                           'message': ''}} for n, p in [{FULL_MARKS}]]}}\n"
        "a._reports = AllPassed()\n"),
    "grace_defines_grade_cell": (  # and drops the autograder cells' import of the real one
        "def grade_cell(*args, **kwargs):\n"
        "    return None\n"
        "get_ipython().input_transformers_post.append(\n"
        "    lambda lines: [ln for ln in lines if 'import grade_cell' not in ln])\n"),
    "heidi_swaps_the_module": (
        "import sys, types\n"
        "sys.modules['dlkit.autograde'] = types.SimpleNamespace(grade_cell=lambda *k, **kw: None)\n"),
    "ivan_patches_then_exits": (  # and raises SystemExit at the end of the last solution cell
        "import dlkit.autograde as a\na.grade_cell = lambda *k, **kw: None\n"),
    "judy_plants_a_file": (  # in a Jupyter kernel only: a stand-in for a .pth in site-packages
        "import builtins\n"
        "if hasattr(builtins, 'get_ipython') or 'get_ipython' in globals():\n"
        "    open(PLANTED, 'w').write('written with the instructor rights')\n"
        "    import dlkit.autograde as a\n"
        "    a.grade_cell = lambda *k, **kw: None\n"),
}


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def nbgrader_meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def grade_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if nbgrader_meta(c).get("grade")]


# -- the generated course ----------------------------------------------------------

@pytest.mark.parametrize("topic", [t.name for t in registry.topics()])
def test_source_notebook_has_a_solution_cell_per_function_and_a_graded_cell_per_test(topic):
    t = registry.topic(topic)
    nb = load(paths.ROOT / "course" / "source" / topic / f"{topic}.ipynb")
    solution = (paths.SOLUTIONS / t.module_file).read_text()
    tree = ast.parse(solution)
    marked = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
              and "### BEGIN SOLUTION" in ast.get_source_segment(solution, n)]
    cells = [nbgrader_meta(c).get("grade_id") for c in nb["cells"] if nbgrader_meta(c).get("solution")]
    assert cells == [f"solution_{name}" for name in marked]
    graded = [c for c in grade_cells(nb) if nbgrader_meta(c)["points"]]  # the check cells are worth 0
    assert [nbgrader_meta(c)["grade_id"] for c in graded] == [h.name for h in notebooks.hidden_tests(t)]
    assert sum(nbgrader_meta(c)["points"] for c in graded) == t.points
    for cell in graded:  # the hidden part only calls into the kit: no test logic
        hidden = source(cell).split("### BEGIN HIDDEN TESTS\n")[1].split("\n### END HIDDEN TESTS")[0]
        assert hidden == ("from dlkit.autograde import grade_cell\n"
                          f"grade_cell({topic!r}, {nbgrader_meta(cell)['grade_id']!r})")
    # The notebook's module cells are the solution module itself.
    assert code_lines(module_source(nb)) == code_lines(solution.split('"""', 2)[2])


@pytest.mark.parametrize("topic", [t.name for t in registry.topics()])
def test_source_notebook_is_valid_nbformat_4_for_jupyterlab(topic):
    import nbformat

    path = paths.ROOT / "course" / "source" / topic / f"{topic}.ipynb"
    nb = nbformat.read(path, as_version=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing cell id is only a warning, for now
        nbformat.validate(nb)  # what JupyterLab 4 requires to open it
    assert nb.nbformat == 4 and nb.metadata.kernelspec.name == "python3"
    assert notebooks.notebook_text(load(path)) == path.read_text()  # as Jupyter writes it


def test_nbgrader_config_grades_in_isolation_instead_of_executing():
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute
    from traitlets.config import Config

    from dlkit.nbgrader_grading import GradeInIsolation

    config = Config()
    exec((paths.ROOT / "course" / "nbgrader_config.py").read_text(), {"get_config": lambda: config})
    steps = config.Autograde.autograde_preprocessors
    default = Autograde.class_traits()["autograde_preprocessors"].default()
    assert Execute not in steps and Execute in default
    assert steps == [GradeInIsolation if step is Execute else step for step in default]


# -- GradeInIsolation, without nbgrader's commands ------------------------------------

def autograder_cell(source_text: str, points: float = 4.0):
    from nbformat.v4 import new_code_cell

    return new_code_cell(source_text, metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "a_test", "points": points,
        "schema_version": 3}})


@pytest.mark.parametrize("report, points, shown", [
    ({"tests": [{"name": "a_test", "points": 4, "max_points": 4, "passed": True, "message": ""}]},
     4.0, ""),
    ({"tests": [{"name": "a_test", "points": 1.5, "max_points": 4, "passed": False,
                 "message": "2 of 8 cases failed"}]}, 1.5, "a_test: 1.5 / 4 points\n2 of 8 cases failed"),
    ({"tests": [{"name": "a_test", "points": 0, "max_points": 4, "passed": False,
                 "message": "not implemented yet"}]}, 0.0, "a_test: 0 / 4 points\nnot implemented yet"),
    ({"tests": [], "error": "importing output_size.py called sys.exit(0)"}, 0.0,
     "a_test: 0 points\nimporting output_size.py called sys.exit(0)"),
    ({"tests": [{"name": "a_test", "points": 0, "max_points": 4, "status": "grader_error",
                 "message": "grader error (not your code): KeyError: 'x'"}]}, 0.0,
     "a_test: not graded, the kit's error (not your code)\ngrader error (not your code): KeyError: 'x'"),
])
def test_cell_outputs_score_as_nbgrader_reads_them(report, points, shown):
    from nbgrader.utils import determine_grade

    from dlkit.autograde import cell_outcome
    from dlkit.nbgrader_grading import cell_outputs
    from dlkit.results import TopicResult

    topic = TopicResult.from_json(TOPIC, {"score": 0, "max_score": 4, **report})
    cell = autograder_cell(f"grade_cell({TOPIC!r}, 'a_test')")
    cell.outputs = cell_outputs(cell_outcome(topic, "a_test"))
    assert determine_grade(cell) == (points, 4.0)
    texts = [o.get("evalue") or o.get("text", "") for o in cell.outputs]
    assert shown == "".join(texts).rstrip("\n")


@pytest.mark.parametrize("cell_source", [
    "assert True",  # an autograder cell of the instructor's own: nothing to run it with
    "grade_cell('no_such_topic', 'test_x')",
    "grade_cell(topic, 'test_x')",  # not a literal
    f"grade_cell({TOPIC!r}, 'test_a'); grade_cell({TOPIC!r}, 'test_b')",
])
def test_autograder_cell_the_kit_cannot_grade_earns_nothing(cell_source):
    import nbformat
    from nbgrader.utils import determine_grade

    from dlkit.nbgrader_grading import GradeInIsolation

    nb = nbformat.v4.new_notebook(cells=[autograder_cell(cell_source)])
    nb, _ = GradeInIsolation().preprocess(nb, {})
    assert determine_grade(nb.cells[0]) == (0, 4.0)
    assert "not graded" in nb.cells[0].outputs[0].evalue


def test_a_check_cell_runs_nothing_and_earns_nothing_at_autograding():
    import nbformat
    from nbgrader.utils import determine_grade

    from dlkit.nbgrader_grading import GradeInIsolation

    check = autograder_cell(notebooks.check_cell_source(TOPIC, "same_padding"), points=0)
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="the student's run\n")]
    nb = nbformat.v4.new_notebook(cells=[check])
    nb, _ = GradeInIsolation().preprocess(nb, {})
    assert nb.cells[0].outputs == [] and determine_grade(nb.cells[0]) == (0, 0)


# -- the real nbgrader commands ------------------------------------------------------

def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def filled(release: dict, mistake: str | None) -> dict:
    """The released notebook with each solution cell written as the reference
    (or the catalog mistake, for the functions it redefines) writes it."""
    nb = json.loads(json.dumps(release))
    if mistake == "stub":
        return nb
    _, ref = module_chunks.module_chunks((paths.SOLUTIONS / f"{TOPIC}.py").read_text())
    chunks = {c.name: c.source for c in ref}
    if mistake:
        _, wrong = module_chunks.module_chunks(catalog.mistaken_source(TOPIC, mistake))
        chunks.update({c.name: c.source for c in wrong})
    for cell in nb["cells"]:
        grade_id = nbgrader_meta(cell).get("grade_id", "")
        if nbgrader_meta(cell).get("solution"):
            text = chunks[grade_id.removeprefix("solution_")]
            cell["source"] = "\n".join(ln for ln in text.splitlines()
                                       if ln.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    return nb


def hostile(release: dict, student: str, planted: Path) -> dict:
    """The released stub notebook, its first solution cell starting with the
    student's hostile code."""
    nb = json.loads(json.dumps(release))
    solutions = [c for c in nb["cells"] if nbgrader_meta(c).get("solution")]
    code = HOSTILE[student].replace("PLANTED", repr(str(planted)))
    solutions[0]["source"] = code + "\n\n" + source(solutions[0])
    if student == "ivan_patches_then_exits":
        solutions[-1]["source"] = source(solutions[-1]) + "\n\nraise SystemExit(0)\n"
    return nb


def planted_file(course: Path, student: str) -> Path:
    return course.parent / f"planted-by-{student}"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course with one assignment, the honest and the hostile submissions,
    autograded, with feedback and an exported CSV."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(paths.ROOT / "course" / "nbgrader_config.py", root)
    shutil.copytree(paths.ROOT / "course" / "source" / TOPIC, root / "source" / TOPIC)
    nbgrader(root, "generate_assignment", TOPIC)
    release = load(root / "release" / TOPIC / f"{TOPIC}.ipynb")
    for student, mistake in STUDENTS.items():
        folder = root / "submitted" / student / TOPIC
        folder.mkdir(parents=True)
        (folder / f"{TOPIC}.ipynb").write_text(notebooks.notebook_text(filled(release, mistake)))
    for student in HOSTILE:
        folder = root / "submitted" / student / TOPIC
        folder.mkdir(parents=True)
        notebook = hostile(release, student, planted_file(root, student))
        (folder / f"{TOPIC}.ipynb").write_text(notebooks.notebook_text(notebook))
    own_file = root / "submitted" / "alice" / TOPIC / f"{TOPIC}.py"
    own_file.write_text("# alice's own scratch file\n")
    nbgrader(root, "autograde", TOPIC)
    nbgrader(root, "generate_feedback", TOPIC)
    nbgrader(root, "export")
    return root


def test_released_notebook_has_no_solution_and_no_hidden_test(course):
    text = (course / "release" / TOPIC / f"{TOPIC}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" not in text and "grade_cell(" not in text
    for region in solution_regions((paths.SOLUTIONS / f"{TOPIC}.py").read_text()):
        for line in region:
            assert json.dumps(line)[1:-1] not in text, line


@pytest.fixture(scope="module")
def kit_reports(course, tmp_path_factory):
    """``dlkit grade`` on the same code as each submitted notebook."""
    root = tmp_path_factory.mktemp("same-code")
    subs = [make_submission(root / s, {TOPIC: module_source(load(
        course / "submitted" / s / TOPIC / f"{TOPIC}.ipynb"))}) for s in STUDENTS]
    return dict(zip(STUDENTS, grade(subs, [TOPIC])))


def test_autograde_gives_the_points_dlkit_grade_gives(course, kit_reports):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in STUDENTS:
            tests = kit_reports[student].topic(TOPIC).tests
            assert tests
            for test in tests:
                got = gb.find_grade(test.name, TOPIC, TOPIC, student).score
                assert got == pytest.approx(test.points), (student, test.name, test.message)
    totals = {s: kit_reports[s].topic(TOPIC).score for s in STUDENTS}
    assert totals["alice"] == 20 and totals["carol"] == 0 and 0 < totals["bob"] < 20
    assert 0 < totals["dave"] < 20


def test_hostile_notebooks_score_nothing_and_run_nothing_as_the_instructor(course):
    from nbgrader.api import Gradebook

    tests = notebooks.hidden_tests(registry.topic(TOPIC))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        earned = {student: sum(gb.find_grade(t.name, TOPIC, TOPIC, student).score for t in tests)
                  for student in HOSTILE}
    planted = [student for student in HOSTILE if planted_file(course, student).exists()]
    assert earned == dict.fromkeys(HOSTILE, 0) and not planted, f"earned {earned}, planted by {planted}"


def test_feedback_shows_each_failed_tests_message(course, kit_reports):
    for student in STUDENTS:
        page = (course / "feedback" / student / TOPIC / f"{TOPIC}.html").read_text()
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
        failed = [t for t in kit_reports[student].topic(TOPIC).tests if not t.passed]
        assert bool(failed) == (student != "alice")
        for test in failed:
            shown = f"{test.name}: {test.points:g} / {test.max_points:g} points\n{test.message}"
            assert " ".join(shown.split()) in text, (student, shown)


def test_exported_csv_has_each_students_total(course, kit_reports):
    with open(course / "grades.csv") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert set(rows) == set(STUDENTS) | set(HOSTILE)
    for student in HOSTILE:
        assert float(rows[student]["score"]) == 0, student
    for student in STUDENTS:
        assert float(rows[student]["score"]) == pytest.approx(kit_reports[student].score)
        assert float(rows[student]["max_score"]) == 20


def test_graded_cells_write_nothing_to_stderr_and_explain_failures(course):
    for student in STUDENTS:
        nb = load(course / "autograded" / student / TOPIC / f"{TOPIC}.ipynb")
        for cell in grade_cells(nb):
            assert not any(o.get("name") == "stderr" for o in cell["outputs"]), (student, cell["outputs"])
    outputs = [o for student in ("bob", "carol") for c in grade_cells(load(
        course / "autograded" / student / TOPIC / f"{TOPIC}.ipynb")) for o in c["outputs"]]
    errors = [o for o in outputs if o["output_type"] == "error"]  # no points: the message
    assert errors and all(o["ename"] == "TestFailed" for o in errors)
    assert any("not implemented yet" in o["evalue"] for o in errors)
    printed = "".join(source({"source": o.get("text", "")}) for o in outputs
                      if o.get("name") == "stdout")  # partial credit
    assert "dilation" in printed + "".join(o["evalue"] for o in errors)


def test_feedback_shows_no_hidden_test_logic(course):
    students_code = "\n".join(catalog.mistaken_source(TOPIC, m)
                               for m in STUDENTS.values() if m not in (None, "stub"))
    students_code += (paths.SOLUTIONS / f"{TOPIC}.py").read_text()
    grader_lines = [ln for ln in code_lines((paths.GRADERS / f"test_{TOPIC}.py").read_text())
                    if len(ln) > 30 and ln not in students_code]
    for student in STUDENTS:
        page = (course / "feedback" / student / TOPIC / f"{TOPIC}.html").read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", page))  # the text a student reads
        assert "grade_cell" in text  # the hidden part is there: only the call into the kit
        leaked = [ln for ln in grader_lines if ln in text]
        assert not leaked, leaked[:3]


def test_submitted_files_are_not_overwritten(course):
    for folder in ("submitted", "autograded"):
        assert (course / folder / "alice" / TOPIC / f"{TOPIC}.py").read_text() == \
            "# alice's own scratch file\n"


def test_a_topics_limits_can_be_raised_from_nbgrader_config(monkeypatch):
    """A slower machine: nbgrader_config.py raises a topic's limits, as
    `dlkit grade --time-limit` does; other topics keep the registry's."""
    import nbformat
    from traitlets.config import Config

    from dlkit import nbgrader_grading
    from dlkit.results import TopicResult

    asked = []
    monkeypatch.setattr(nbgrader_grading, "topic_grader", lambda *a: asked.append(a) or a)
    monkeypatch.setattr(nbgrader_grading, "topic_report",
                        lambda topic, source, grader: TopicResult.build(topic, 20.0, []))
    config = Config()
    config.GradeInIsolation.time_limits = {TOPIC: 360}
    config.GradeInIsolation.memory_limits = {TOPIC: 6000}
    cells = [autograder_cell(f"grade_cell({TOPIC!r}, 'a_test')"),
             autograder_cell("grade_cell('conv_by_hand', 'a_test')")]
    nbgrader_grading.GradeInIsolation(config=config).preprocess(nbformat.v4.new_notebook(cells=cells), {})
    assert asked == [(TOPIC, 360.0, 6000.0), ("conv_by_hand", None, None)]
    generated = (paths.ROOT / "course" / "nbgrader_config.py").read_text()
    assert "c.GradeInIsolation.time_limits" in generated
