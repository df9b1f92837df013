# expect: {"topic": "output_size", "base": "reference", "message": "got 0", "score": "partial"}
"""Looks everywhere a report could be (the grader's folder through /proc,
the temporary folders) and plants full-marks reports, FIFOs that would block
the reader, and links; reports never pass through a file the worker reaches."""
import glob
import json
import os
import tempfile

FAKE = {"score": 260, "max_score": 260, "fenced": True,
        "topics": {"output_size": {"score": 20, "max_score": 20, "error": None, "module": None, "tests": []}}}
folders = set(glob.glob("/proc/[0-9]*/cwd")) | set(glob.glob("/tmp/dlkit-grade-*"))
folders |= set(glob.glob(os.path.join(tempfile.gettempdir(), "dlkit-*")))
for folder in folders:
    for name in ("report.json", "report-1.json", "report-2.json"):
        path = os.path.join(folder, name)
        try:
            os.mkfifo(path + ".fifo")
        except OSError:
            pass
        try:
            with open(path, "w") as fh:
                json.dump(FAKE, fh)
        except OSError:
            pass


def pool_output_length(n, pool_size, stride=None, padding="valid"):
    return 0
