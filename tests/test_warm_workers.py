"""Warm workers and CPU-time budgets: every worker is forked from a template
that has imported TensorFlow and nothing of the grader's; limits count the
CPU-seconds of the worker's whole process tree, with a wall-clock backstop
for a worker that only waits."""

from __future__ import annotations

import os
import signal
import textwrap
import threading
import time

from dlkit.sandbox import template
from dlkit.sandbox.limits import Limits, wall_backstop
from dlkit.sandbox.supervisor import Worker

MODULE = textwrap.dedent('''
    import os
    import sys

    # What the process held before this module's own imports ran.
    PRELOADED = sorted(m for m in ("tensorflow", "keras", "numpy", "scipy") if m in sys.modules)
    GRADER_SIDE = sorted(m for m in sys.modules
                         if m.startswith(("dlkit.grading", "dlkit.testing", "dlkit.grader_secret", "test_")))

    def preloaded():
        return PRELOADED

    def grader_side():
        return GRADER_SIDE

    def environment():
        return sorted(k for k in os.environ if k.startswith("DLKIT_"))

    def open_sockets():
        found = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:"):
                found.append(target)
        return found

    def nap(seconds):
        import time
        time.sleep(seconds)
        return "rested"

    def spin_in_a_child(seconds):
        import subprocess
        subprocess.run([sys.executable, "-c",
                        f"import time\\nend = time.process_time() + {seconds}\\n"
                        "while time.process_time() < end: pass"])
        return "spun"
''')


def worker(tmp_path, **limits) -> Worker:
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    return Worker("mod", str(path), Limits(**limits))


def test_a_worker_starts_with_tensorflow_imported_and_nothing_of_the_graders(tmp_path):
    with worker(tmp_path, cpu_seconds=60, call_cpu_seconds=30) as w:
        assert w.start().ok
        assert w.call("preloaded").value == ["keras", "numpy", "scipy", "tensorflow"]
        assert w.call("grader_side").value == []
        assert w.call("environment").value == []  # no grader secret, no setting of the grader's
        # The template's control socket stays in the template: a worker cannot ask it for anything.
        assert w.call("open_sockets").value == []
    assert template.SHARED.resident_bytes() > 0, "the workers came from the shared template"


def test_waiting_costs_no_cpu_budget(tmp_path):
    """A call that sleeps past its CPU limit (but not the backstop) finishes:
    the limit counts CPU-seconds, not the seconds a busy machine takes."""
    with worker(tmp_path, cpu_seconds=10, call_cpu_seconds=1) as w:
        assert w.start().ok
        got = w.call("nap", (2.5,))
        assert got.ok and got.value == "rested", got
        assert got.seconds < 1, got  # CPU-seconds charged


def test_cpu_of_the_whole_process_tree_counts(tmp_path):
    """CPU burnt in a child process counts against the call's limit."""
    with worker(tmp_path, cpu_seconds=30, call_cpu_seconds=1) as w:
        assert w.start().ok
        got = w.call("spin_in_a_child", (20,))
    assert got.status == "timeout", got
    assert "time limit of 1 CPU-seconds for one call" in got.message, got.message


def test_a_call_that_only_waits_is_stopped_by_the_wall_clock_backstop(tmp_path):
    with worker(tmp_path, cpu_seconds=10, call_cpu_seconds=0.5) as w:
        assert w.start().ok
        began = time.monotonic()
        got = w.call("nap", (600,))
        took = time.monotonic() - began
    assert got.status == "timeout", got
    assert "wall-clock backstop of 12 s" in got.message and "CPU-seconds" in got.message, got.message
    assert took < wall_backstop(0.5) + 5, took


def test_a_template_that_dies_loses_its_workers_as_the_kits_error_and_is_started_again(tmp_path):
    """Killed from outside (the OOM killer, say), the template takes its
    workers with it: the call in flight is ``lost`` (the kit's failure, a
    grader error, never the student's), and the next start forks from a
    fresh template."""
    with worker(tmp_path, cpu_seconds=60, call_cpu_seconds=30) as w:
        assert w.start().ok
        threading.Timer(1.0, os.kill, (template.SHARED._proc.pid, signal.SIGKILL)).start()
        got = w.call("nap", (30,))
        assert got.status == "lost" and "template process ended" in got.message, got
        assert w.start().ok
        assert w.call("nap", (0,)).value == "rested"
