"""Students' self-checks: pass on the reference, and on the stubs fail with a
short "not implemented yet" per check, never a traceback wall."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import TOPICS

from dlkit import paths


def run_checks(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlkit.cli", "check", *args],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("topic", TOPICS)
def test_public_checks_exist(topic):
    assert (paths.PUBLIC_CHECKS / f"test_{topic}.py").exists()


@pytest.mark.parametrize("topic", TOPICS)
def test_public_checks_pass_on_the_reference(topic):
    done = run_checks(topic, "--path", str(paths.SOLUTIONS))
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("topic", TOPICS)
def test_stub_fails_every_check_with_a_short_message(topic):
    done = run_checks(topic)
    out = done.stdout
    assert done.returncode == 1, out[-3000:]
    assert "not implemented yet" in out and "Traceback" not in out, out[-3000:]
    assert " passed" not in out.splitlines()[-1], out.splitlines()[-1]
