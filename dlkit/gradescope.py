"""Grading on Gradescope: an autograder zip, and the run inside it.

``dlkit gradescope OUT.zip [--topic T ...]`` writes what Gradescope's
"Zip file upload" autograder expects (as otter-grader's ``otter generate``
does for its own engine):

* ``setup.sh``: run once when Gradescope builds the image; it makes a venv
  at ``/autograder/venv`` and installs the kit from ``kit/``, editable (the
  kit finds its graders beside its package);
* ``run_autograder``: run for each submission; it calls :func:`run`, which
  grades ``/autograder/submission`` with ``dlkit grade`` (the same engine,
  fence and limits as anywhere else) and writes
  ``/autograder/results/results.json`` in Gradescope's format: per test its
  name, score, max score, status, output (the message) and visibility;
* ``kit/``: the ``dlkit`` package, the hidden graders, the solutions (the
  graders' reference values), the datasets and ``pyproject.toml``;
* ``dlkit_gradescope.json``: the topics graded and the tests' visibility.

Students upload their topic modules (``<topic>.py``) or notebooks
(``<topic>.ipynb``).  A grading the kit could not finish still writes a
``results.json`` (score 0, saying it was the kit's error), so that Gradescope
never shows its own "autograder failed".
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from dlkit import paths, registry
from dlkit.grading.grader import grade
from dlkit.results import GRADER_ERROR, PASSED, Report

CONFIG = "dlkit_gradescope.json"
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
KIT = ("dlkit", "graders", "solutions", "datasets", "pyproject.toml", "README.md")
SKIPPED = ("__pycache__", ".pyc", ".egg-info")
KIT_ERROR = "GRADER ERROR (not your code): tell your instructor.\n"  # before a kit error's message

SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv python3-pip
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install -q -e /autograder/source/kit
"""

RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission; it writes /autograder/results/results.json.
# DLKIT_GRADESCOPE_ROOT and DLKIT_GRADESCOPE_PYTHON stand in for /autograder and its venv in tests.
set -u
root="${DLKIT_GRADESCOPE_ROOT:-/autograder}"
python="${DLKIT_GRADESCOPE_PYTHON:-$root/venv/bin/python}"
cd "$root/source/kit"
PYTHONPATH="$root/source/kit" exec "$python" -m dlkit.gradescope "$root"
"""


def write_autograder(out: Path, topic_names: list[str] | None = None, visibility: str = "visible") -> Path:
    """The autograder zip for ``topic_names`` (all topics if none)."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility {visibility!r}: one of {', '.join(VISIBILITIES)}")
    topics = registry.select(topic_names)
    out = Path(out)
    config = {"topics": [t.name for t in topics], "visibility": visibility}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in (("setup.sh", SETUP), ("run_autograder", RUN)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o100755 << 16  # executable, as Gradescope runs them
            zf.writestr(info, text)
        zf.writestr(CONFIG, json.dumps(config, indent=2))
        for entry in KIT:
            source = paths.ROOT / entry
            files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
            for f in files:
                if not any(s in str(f) for s in SKIPPED):
                    zf.write(f, "kit/" + f.relative_to(paths.ROOT).as_posix())
    return out


def results(report: Report | None, config: dict, error: str = "", seconds: float = 0.0) -> dict:
    """Gradescope's ``results.json`` for a report (or for a grading that
    produced none: ``error`` says why)."""
    visibility = config.get("visibility", "visible")
    tests = []
    if report is None:
        points = sum(registry.topic(t).points for t in config["topics"])
        return {"score": 0.0, "execution_time": round(seconds), "visibility": visibility,
                "output": f"GRADER ERROR (not your code): the kit could not grade this submission: "
                          f"{error}\nTell your instructor; this is not your grade.",
                "tests": [{"name": "grading", "score": 0.0, "max_score": points, "status": "failed",
                           "output": error, "visibility": visibility}]}
    for topic in report.topics:
        if not topic.tests:
            output = topic.error or "not graded"
            if topic.kit_error:
                output = KIT_ERROR + output
            tests.append({"name": topic.name, "score": topic.score, "max_score": topic.max_score,
                          "status": "failed", "output": output, "visibility": visibility})
            continue
        for number, test in enumerate(topic.tests, 1):
            output = test.message
            if test.status == GRADER_ERROR:
                output = KIT_ERROR + output
            tests.append({"name": f"{topic.name}: {test.name}", "number": f"{topic.name}.{number}",
                          "score": test.points, "max_score": test.max_points,
                          "status": "passed" if test.status == PASSED else "failed",
                          "output": output, "visibility": visibility})
    lines = [f"{t.name}: {t.score:g} / {t.max_score:g}" + (f" ({t.error})" if t.error else "")
             for t in report.topics]
    if report.grader_errors:
        lines.append(f"{report.grader_errors} test(s) could not be checked by the kit "
                     "(not your code): tell your instructor.")
    if not report.fenced:
        lines.append("note: this grading ran without the kit's sandbox")
    return {"score": report.score, "execution_time": round(seconds), "visibility": visibility,
            "output": "\n".join(lines), "tests": tests}


def run(root: Path) -> dict:
    """Grade ``root/submission`` as the config in ``root/source`` says (with
    :func:`dlkit.grading.grader.grade`, as ``dlkit grade`` does) and
    write ``root/results/results.json``; returns what was written."""
    import time

    root = Path(root)
    config = json.loads((root / "source" / CONFIG).read_text())
    started = time.monotonic()
    report, error = None, ""
    try:  # the engine itself, as `dlkit grade` calls it
        report = grade(root / "submission", config["topics"], {"sandbox": "auto"})
    except Exception as exc:  # noqa: BLE001 - whatever went wrong is the kit's, and is reported
        error = f"{type(exc).__name__}: {exc}"
    written = results(report, config, error, time.monotonic() - started)
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(written, indent=2))
    return written


if __name__ == "__main__":
    run(Path(sys.argv[1] if len(sys.argv) > 1 else "/autograder"))
