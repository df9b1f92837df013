"""Students' self-checks: pass on the reference, and on the stubs fail with a
short "not implemented yet" per check, never a traceback wall."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import TOPICS

from dlkit import paths


def run_checks(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlkit.cli", "check", *args],
                          capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("topic", TOPICS)
def test_public_checks_exist(topic):
    assert (paths.PUBLIC_CHECKS / f"test_{topic}.py").exists()


def sections(out: str) -> dict[str, tuple[float, float, list[str]]]:
    """The dlkit table's topics: ``{topic: (score, max, [its lines])}``."""
    found, current = {}, None
    for line in out.splitlines():
        head = re.match(r"^(\w+)\s+([\d.]+) / ([\d.]+)$", line)
        if head and head.group(1) != "total":
            current = head.group(1)
            found[current] = (float(head.group(2)), float(head.group(3)), [])
        elif current and line.startswith(" "):
            found[current][2].append(line)
        else:
            current = None
    return found


# One `dlkit check` of every topic per kind, as a student runs it: each topic's
# checks are judged below from its part of the report.  The two run at once.
@pytest.fixture(scope="module")
def both_runs() -> dict[str, subprocess.CompletedProcess]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(run_checks, "--path", str(paths.SOLUTIONS))
        stubs = pool.submit(run_checks)
        return {"reference": reference.result(), "stubs": stubs.result()}


@pytest.fixture(scope="module")
def reference_run(both_runs):
    return both_runs["reference"]


@pytest.fixture(scope="module")
def stub_run(both_runs):
    return both_runs["stubs"]


def test_a_self_check_is_not_warned_about_as_unfenced(reference_run, stub_run):
    for done in (reference_run, stub_run):
        assert "NOT FENCED" not in done.stdout, done.stdout[-2000:]


@pytest.mark.parametrize("topic", TOPICS)
def test_public_checks_pass_on_the_reference(reference_run, topic):
    assert reference_run.returncode == 0, reference_run.stdout[-3000:]
    score, most, lines = sections(reference_run.stdout)[topic]
    assert score == most and most > 0, "\n".join(lines)


@pytest.mark.parametrize("topic", TOPICS)
def test_stub_fails_every_check_with_a_short_message(stub_run, topic):
    out = stub_run.stdout
    assert stub_run.returncode == 1, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    score, most, lines = sections(out)[topic]
    assert score == 0 and most > 0, "\n".join(lines)
    checks = [ln for ln in lines if ln.startswith(("  ok", "  FAIL"))]
    assert checks and all(ln.startswith("  FAIL") for ln in checks), "\n".join(lines)
    assert "not implemented yet" in "\n".join(lines), "\n".join(lines)
