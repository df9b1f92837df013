# expect: {"topic": "output_size", "base": "reference", "message": "got 0", "score": "partial"}
"""Writes a full-marks report wherever a grader's report might be, and
answers one function wrongly."""
import glob
import json
import os
import tempfile

FAKE = {"topics": {"output_size": {"score": 20, "max_score": 20, "error": None, "module": None,
                                   "tests": []}}}
for pattern in ("/tmp/dlkit-grade-*/report-*.json", os.path.join(tempfile.gettempdir(), "dlkit-grade-*", "*.json"),
                "/tmp/pytest-of-*/**/report*.json"):
    for path in glob.glob(pattern, recursive=True):
        try:
            with open(path, "w") as fh:
                json.dump(FAKE, fh)
        except OSError:
            pass
for folder in glob.glob("/tmp/dlkit-grade-*"):
    try:
        with open(os.path.join(folder, "report-0.json"), "w") as fh:
            json.dump(FAKE, fh)
    except OSError:
        pass


def pool_output_length(n, pool_size, stride=None, padding="valid"):
    return 0
