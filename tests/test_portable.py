"""The student path without Linux's machinery, as on a student's macOS or
Windows laptop: ``DLKIT_PORTABLE=1`` makes the kit read process trees and
memory through psutil and start each worker afresh (no template, no fork,
no fence).  The checks, limits and messages must be the same."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from conftest import reference_source, stub_source

PORTABLE = dict(os.environ, DLKIT_PORTABLE="1")


def run_portable(code: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=PORTABLE, cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def dlkit_check(topic: str, folder) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlkit.cli", "check", topic, "--path", str(folder)],
                          env=PORTABLE, capture_output=True, text=True, timeout=600)


def test_dlkit_check_on_the_portable_path(tmp_path):
    for kind, source in (("solved", reference_source("output_size")), ("stub", stub_source("output_size"))):
        (tmp_path / kind).mkdir()
        (tmp_path / kind / "output_size.py").write_text(source)
    solved = dlkit_check("output_size", tmp_path / "solved")
    stub = dlkit_check("output_size", tmp_path / "stub")
    assert solved.returncode == 0, solved.stdout[-2000:] + solved.stderr[-2000:]
    assert stub.returncode != 0 and "not implemented yet" in stub.stdout, stub.stdout[-2000:]


def test_limits_and_cleanup_on_the_portable_path(tmp_path):
    (tmp_path / "student.py").write_text(textwrap.dedent('''
        import subprocess

        def spin():
            while True:
                pass

        def hog():
            kept = []
            while True:
                kept.append(bytearray(50 << 20))

        def leave_a_child():
            return subprocess.Popen(["sleep", "4248"]).pid
    '''))
    done = run_portable('''
        from dlkit import processes
        from dlkit.sandbox import spawned, template
        from dlkit.sandbox.limits import Limits
        from dlkit.sandbox.supervisor import Worker

        assert processes.PORTABLE
        w = Worker("student", "student.py", Limits(cpu_seconds=60, call_cpu_seconds=2, memory_mb=400))
        assert w.start().ok and isinstance(w.proc, spawned.SpawnedProcess)
        spin = w.call("spin")
        print("SPIN", spin.status, spin.message)
        assert w.start().ok
        hog = w.call("hog")
        print("HOG", hog.status, hog.message)
        assert w.start().ok
        child = w.call("leave_a_child")
        w.close()
        import time
        time.sleep(0.5)
        print("CHILD", processes.running(child.value))
        print("TEMPLATE", template.SHARED._proc)
    ''', tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    out = dict(line.split(" ", 1) for line in done.stdout.splitlines() if line.split(" ", 1)[0].isupper())
    assert out["SPIN"].startswith("timeout") and "time limit of 2 CPU-seconds" in out["SPIN"], out
    assert out["HOG"].startswith("memory") and "memory limit of 400 MB" in out["HOG"], out
    assert out["CHILD"] == "False" and out["TEMPLATE"] == "None", out


@pytest.mark.slow
def test_a_model_topic_is_checked_on_the_portable_path(tmp_path):
    (tmp_path / "sequential_cnn.py").write_text(reference_source("sequential_cnn"))
    done = dlkit_check("sequential_cnn", tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_a_process_identity_reads_the_same_on_either_path():
    """A scratch folder's owner is written by one process and checked by
    another (dlkit.scratch.sweep, when any grading starts): a portable
    process and a Linux one must agree, or one removes the other's folder."""
    code = f"from dlkit import processes; print(processes.identity({os.getpid()}))"
    forms = {subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            timeout=120).stdout.strip()
             for env in (PORTABLE, {k: v for k, v in os.environ.items() if k != "DLKIT_PORTABLE"})}
    assert len(forms) == 1 and forms != {""}, forms
