"""The grader process: grades submissions one after another, as they are
handed to it.

Run by :mod:`dlkit.grading.session` as ``python -m dlkit.grading.batch
JOB.json``.  Each line on standard input names one submission and the file
its report goes to; when that report is written, the same line comes back
on standard output.  Whatever else is printed here (pytest, TensorFlow)
goes to standard error, the grader's log.  TensorFlow and the graders are
imported once and reused; each submission gets its own pytest session, its
own workers and its own report file.  Student code never runs here (it runs
in the workers).
"""

from __future__ import annotations

import gc
import json
import os
import sys

import pytest


def pytest_args(job: dict, item: dict) -> list[str]:
    # no:unraisableexception: its gc.collect() over TensorFlow's heap costs ~0.5 s a submission.
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:unraisableexception", "-p", "dlkit.testing.plugin",
            "-o", "addopts=", "--rootdir", job["rootdir"],
            "--submission", item["submission"], "--grade-report", item["report"]]
    own = item.get("limits", {})
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
    # The replies keep the real standard output; fd 1 itself now goes to the
    # log, so that nothing pytest or TensorFlow prints can pass for a reply.
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    for line in sys.stdin:
        item = json.loads(line)
        print(f"=== grading {item['submission']}", flush=True)
        pytest.main(pytest_args(job, item))
        sys.stdout.flush()
        # TensorFlow's and the graders' objects live as long as this process:
        # move them out of the collector's sight so later sessions skip them.
        gc.freeze()
        replies.write(line if line.endswith("\n") else line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
