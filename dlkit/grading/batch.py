"""The grader process: grades a list of submissions one after another.

Run by :mod:`dlkit.grading.session` as ``python -m dlkit.grading.batch
JOB.json``.  TensorFlow and the graders are imported once and reused; each
submission gets its own pytest session, its own workers and its own report
file.  Student code never runs here (it runs in the workers).
"""

from __future__ import annotations

import gc
import json
import sys

import pytest


def pytest_args(job: dict, submission: str, report: str) -> list[str]:
    # no:unraisableexception: its gc.collect() over TensorFlow's heap costs ~0.5 s a submission.
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:unraisableexception", "-p", "dlkit.testing.plugin",
            "-o", "addopts=", "--rootdir", job["rootdir"],
            "--submission", submission, "--grade-report", report]
    own = job.get("submission_limits", {}).get(submission, {})
    for kind in ("time", "memory"):
        limits = {**job.get("limits", {}).get(kind, {}), **own.get(kind, {})}
        args += [arg for name, value in limits.items() for arg in (f"--{kind}-limit", f"{name}={value}")]
    args += ["--sandbox", job.get("limits", {}).get("sandbox", "auto")]
    for folder in job.get("limits", {}).get("sandbox_hide", []):
        args += ["--sandbox-hide", folder]
    return args + job["grader_files"]


def main(job_path: str) -> int:
    with open(job_path) as fh:
        job = json.load(fh)
    for item in job["submissions"]:
        print(f"=== grading {item['submission']}", flush=True)
        pytest.main(pytest_args(job, item["submission"], item["report"]))
        sys.stdout.flush()
        # TensorFlow's and the graders' objects live as long as this process:
        # move them out of the collector's sight so later sessions skip them.
        gc.freeze()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
