"""Grade submissions: run the hidden graders in a fresh grader process.

The grader process (:mod:`dlkit.grading.batch`) runs pytest over
``graders/test_<topic>.py`` with the dlkit plugin, which starts one worker per
topic for the student's code.  The grader process never imports student
code, and this process never imports TensorFlow.  Whatever happens, every
submission gets a report: a topic whose grading could not run carries an
``error`` and zero points.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dlkit import paths, registry

# The grader process is trusted, but it must never hang the run either.
GRADER_MARGIN_SECONDS = 120


def grader_file(topic: registry.Topic, graders: Path | None = None) -> Path:
    return (graders or paths.GRADERS) / f"test_{topic.name}.py"


def grade(submission: Path, topic_names: list[str] | None = None,
          limits: dict | None = None, graders: Path | None = None) -> dict:
    """The report for one submission."""
    return grade_many([submission], topic_names, limits, graders)[0]


def grade_many(submissions: list[Path], topic_names: list[str] | None = None,
               limits: dict | None = None,
               graders: Path | None = None,
               submission_limits: list[dict] | None = None) -> list[dict]:
    """Reports for several submissions, graded in one grader process.

    ``limits`` overrides the registry's limits for every submission and
    ``submission_limits`` (one per submission) for one:
    ``{"time": {topic: seconds}, "memory": {topic: megabytes}}``.  ``limits``
    also says how workers are fenced: ``"sandbox"`` is ``"auto"`` (the
    default: :mod:`dlkit.sandbox.namespaces` where the machine allows it),
    ``"on"`` or ``"off"``, ``"sandbox_hide"`` lists more folders to hide,
    and ``"threads"`` caps each process's compute threads (:func:`grader_env`).
    """
    topics = registry.select(topic_names)
    limits = limits or {}
    runnable = [t for t in topics if grader_file(t, graders).exists()]
    raw: list[dict] = [{"topics": {}} for _ in submissions]
    failure = ""
    if runnable and submissions:
        raw, failure = _run_grader_process([Path(s) for s in submissions], runnable, limits,
                                           graders, submission_limits)
    reports = []
    for partial in raw:
        found = partial.get("topics", {})
        ordered = {}
        for t in topics:
            if t.name in found:
                ordered[t.name] = found[t.name]
            elif t not in runnable:
                ordered[t.name] = _empty_topic(t, f"no grader found at {grader_file(t, graders)}")
            else:
                ordered[t.name] = _empty_topic(t, failure or "the grader produced no result")
        reports.append({
            "score": round(sum(v["score"] for v in ordered.values()), 2),
            "max_score": sum(v["max_score"] for v in ordered.values()),
            "topics": ordered,
        })
    return reports


def _empty_topic(topic: registry.Topic, error: str) -> dict:
    return {"score": 0, "max_score": topic.points, "error": error, "module": None, "tests": []}


def grader_env(limits: dict) -> dict:
    """The environment of a grader process, which its workers inherit.

    ``limits["threads"]`` caps TensorFlow's and the BLAS's compute threads
    (``grade_course`` gives each of N parallel grader processes its share of
    the cores): several processes that each start a thread per core slow
    one another down far more than they gain."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLKIT_")}
    env.update({"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1",
                "DLKIT_ROOT": str(paths.ROOT)})
    if limits.get("threads"):
        threads = str(int(limits["threads"]))
        env.update({"TF_NUM_INTRAOP_THREADS": threads, "OMP_NUM_THREADS": threads,
                    "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads})
    return env


def _run_grader_process(submissions: list[Path], topics: list, limits: dict,
                        graders: Path | None, submission_limits: list[dict] | None
                        ) -> tuple[list[dict], str]:
    overrides = submission_limits or [{} for _ in submissions]
    budget = GRADER_MARGIN_SECONDS + sum(
        sum({**limits.get("time", {}), **extra.get("time", {})}.get(t.name, t.time_limit) for t in topics)
        for extra in overrides)
    with tempfile.TemporaryDirectory(prefix="dlkit-grade-") as tmp:
        reports = [Path(tmp, f"report-{i}.json") for i in range(len(submissions))]
        job = {
            "rootdir": str(grader_file(topics[0], graders).parent),
            "grader_files": [str(grader_file(t, graders)) for t in topics],
            "limits": limits,
            "submissions": [{"submission": str(s.resolve()), "report": str(r)}
                            for s, r in zip(submissions, reports)],
            "submission_limits": {str(s.resolve()): extra
                                  for s, extra in zip(submissions, overrides) if extra},
        }
        job_path = Path(tmp, "job.json")
        job_path.write_text(json.dumps(job))
        log = Path(tmp, "grader.log")
        env = grader_env(limits)
        failure = ""
        try:
            with open(log, "wb") as fh:
                subprocess.run([sys.executable, "-m", "dlkit.grading.batch", str(job_path)],
                               stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env=env, cwd=tmp, timeout=budget, check=False)
        except subprocess.TimeoutExpired:
            failure = f"the grader process did not finish within {budget:.0f} s"
        results = []
        for r in reports:
            if r.exists():
                results.append(json.loads(r.read_text()))
            else:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                failure = failure or f"the grader process failed:\n{tail}"
                results.append({"topics": {}})
        return results, failure
