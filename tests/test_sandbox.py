"""The worker process: every way student code can misbehave becomes an
outcome with a clear message, and nothing is left running."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from dlkit import processes
from dlkit.sandbox.limits import Limits
from dlkit.sandbox.supervisor import Worker

MODULE = textwrap.dedent('''
    import numpy as np

    def double(x):
        return x * 2

    def fail():
        raise ValueError("bad input")

    def not_done():
        raise NotImplementedError("later")

    def leave():
        import sys
        sys.exit(3)

    def hard_exit():
        import os
        os._exit(4)

    def segfault():
        import ctypes
        ctypes.string_at(0)

    def spin():
        while True:
            pass

    def hog():
        return np.ones(10**9)[:1]

    def flood():
        import sys
        for _ in range(1000):
            sys.stdout.write("x" * 100_000)
            sys.stderr.write("y" * 100_000)
        return "done"

    def recurse(n=0):
        return recurse(n + 1)

    def lingering():
        import subprocess
        subprocess.Popen(["sleep", "4243"], start_new_session=True)
        return 1
''')


@pytest.fixture
def worker(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    w = Worker("mod", str(path), Limits(cpu_seconds=60, call_cpu_seconds=3, memory_mb=2048))
    assert w.start().ok
    yield w
    w.stop()


def test_call_returns_plain_data(worker):
    got = worker.call("double", (np.arange(3.0),))
    assert got.ok and np.array_equal(got.value, [0.0, 2.0, 4.0])


@pytest.mark.parametrize("target, status, words", [
    ("fail", "raised", "ValueError: bad input"),
    ("not_done", "raised", "NotImplementedError"),
    ("leave", "exit", "sys.exit(3)"),
    ("hard_exit", "died", "exited with status 4"),
    ("segfault", "died", "SIGSEGV"),
    ("spin", "timeout", "did not finish within the time limit of 3 CPU-seconds for one call"),
    ("recurse", "raised", "RecursionError"),
    ("missing", "raised", "defines no function missing"),
])
def test_misbehaviour_becomes_an_outcome(worker, target, status, words):
    got = worker.call(target)
    assert got.status == status and words in got.message, got


def test_memory_over_the_limit_stops_the_worker(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    with Worker("mod", str(path), Limits(cpu_seconds=60, call_cpu_seconds=20, memory_mb=256)) as w:
        assert w.start().ok
        got = w.call("hog")
    assert got.status == "memory" and "memory limit of 256 MB" in got.message, got


def test_a_crashed_worker_can_be_started_again(worker):
    assert worker.call("hard_exit").fatal
    assert worker.start().ok and worker.call("double", (2,)).value == 4


def test_output_flood_is_drained_and_capped(worker):
    started = time.monotonic()
    got = worker.call("flood")
    assert got.value == "done" and time.monotonic() - started < 10
    worker.stop()
    assert len(worker.output) < 100_000 and "more bytes of output dropped" in worker.output


def test_processes_started_by_student_code_do_not_outlive_the_worker(worker):
    assert worker.call("lingering").ok
    time.sleep(0.2)  # let the monitor see the child
    worker.stop()
    time.sleep(0.2)
    assert subprocess.run(["pgrep", "-f", "sleep 4243"], capture_output=True).returncode == 1


@pytest.mark.parametrize("source, words", [
    ("while True:\n    pass\n", "did not finish"),
    ("import sys\nsys.exit(2)\n", "sys.exit(2)"),
    ("import os\nos._exit(5)\n", "exited with status 5"),
    ("def f(:\n", "SyntaxError"),
    ("1 / 0\n", "ZeroDivisionError"),
])
def test_import_failures_are_reported(tmp_path, source, words):
    path = tmp_path / "mod.py"
    path.write_text(source)
    with Worker("mod", str(path), Limits(cpu_seconds=2, call_cpu_seconds=2)) as w:
        got = w.start()
    assert not got.ok and words in got.message, got


def test_the_topic_budget_covers_every_call(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    with Worker("mod", str(path), Limits(cpu_seconds=1.5, call_cpu_seconds=10)) as w:
        assert w.start().ok
        assert w.call("spin").status == "budget"
        assert w.start().status == "budget"


def test_student_patches_stay_in_the_worker(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text("import numpy\nnumpy.allclose = lambda *a, **k: True\ndef f():\n    return 1\n")
    with Worker("mod", str(path), Limits()) as w:
        assert w.start().ok and w.call("f").value == 1
    assert not np.allclose(1, 2)


def test_a_hung_worker_dies_with_its_grader(tmp_path):
    """Kill the process that started the worker: the worker must not linger."""
    script = tmp_path / "grader.py"
    module = tmp_path / "mod.py"
    module.write_text(MODULE)
    script.write_text(textwrap.dedent(f'''
        import os, sys
        from dlkit.sandbox.limits import Limits
        from dlkit.sandbox.supervisor import Worker
        w = Worker("mod", {str(module)!r}, Limits(cpu_seconds=600, call_cpu_seconds=600))
        assert w.start().ok
        print(w.proc.pid, flush=True)
        w.call("spin")
    '''))
    # Killed, it cannot remove its scratch folder: keep that in tmp_path.
    env = dict(os.environ, DLKIT_SCRATCH=str(tmp_path / "scratch"))
    grader = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    worker_pid = int(grader.stdout.readline())
    time.sleep(0.5)
    grader.kill()
    grader.wait()
    for _ in range(50):
        if not processes.running(worker_pid):
            break
        time.sleep(0.1)
    else:
        os.kill(worker_pid, 9)
        raise AssertionError("the worker outlived its grader")


FENCED = textwrap.dedent('''
    import os
    import socket

    def look(hidden, outside):
        found = {"hidden": sorted(os.listdir(hidden)), "cwd": os.getcwd()}
        try:
            open(outside, "a").close()
            found["outside"] = "written"
        except OSError as exc:
            found["outside"] = exc.strerror
        with open("mine.txt", "w") as fh:
            fh.write("ok")
        found["own"] = open("mine.txt").read()
        found["sibling"] = os.path.exists(os.path.join(os.path.dirname(__file__), "sibling.txt"))
        try:
            socket.create_connection(("1.1.1.1", 53), timeout=5).close()
            found["network"] = "connected"
        except OSError as exc:
            found["network"] = exc.strerror
        return found
''')


@pytest.fixture
def outside_tmp():
    """A folder outside /tmp (the sandbox gives workers a private /tmp)."""
    import shutil
    import tempfile

    from dlkit import paths

    (paths.ROOT / "build").mkdir(exist_ok=True)
    folder = tempfile.mkdtemp(prefix="sandbox-test-", dir=paths.ROOT / "build")
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def test_sandboxed_worker_sees_no_secrets_writes_only_its_folder_and_has_no_network(outside_tmp):
    from dlkit.sandbox import namespaces

    ok, why = namespaces.available()
    if not ok:
        pytest.skip(f"this machine does not allow the namespaces sandbox: {why}")
    tmp_path = outside_tmp
    secret = tmp_path / "graders"
    secret.mkdir()
    (secret / "test_topic.py").write_text("answers")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "sibling.txt").write_text("another student's file")
    module = tmp_path / "sub" / "mod.py"
    module.write_text(FENCED)
    outside = tmp_path / "outside.txt"
    with Worker("mod", str(module), Limits(cpu_seconds=60, call_cpu_seconds=30,
                                           sandbox_hidden=(str(secret),))) as w:
        assert w.start().ok
        got = w.call("look", (str(secret), str(outside)))
    assert got.ok, got.message
    found = got.value
    assert found["hidden"] == [] and found["own"] == "ok" and not found["sibling"]
    assert found["outside"] == "Read-only file system" and not outside.exists()
    assert found["network"] == "Network is unreachable"
    assert (secret / "test_topic.py").read_text() == "answers"  # only hidden, never touched


UNDO = textwrap.dedent('''
    import ctypes
    import os

    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                           ctypes.c_char_p]

    def _errno(result):
        return "allowed" if result == 0 else os.strerror(ctypes.get_errno())

    def undo(hidden):
        found = {
            "umount": _errno(libc.umount2(hidden.encode(), 2)),
            "remount_rw": _errno(libc.mount(None, b"/", None, 32 | 4096, None)),
            "mount_proc": _errno(libc.mount(b"proc", os.getcwd().encode(), b"proc", 0, None)),
            "mount_tmpfs": _errno(libc.mount(b"tmpfs", hidden.encode(), b"tmpfs", 0, None)),
            "unshare_user": _errno(libc.unshare(0x10000000)),
            "unshare_mount": _errno(libc.unshare(0x00020000)),
            "ptrace_me": _errno(libc.ptrace(0, 0, None, None)),
            "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
            "hidden": sorted(os.listdir(hidden)),
        }
        fd = os.open("/proc/self/ns/mnt", os.O_RDONLY)
        found["setns"] = _errno(libc.setns(fd, 0))
        status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
        for key in ("CapEff", "CapPrm", "CapBnd", "NoNewPrivs", "Seccomp"):
            found[key] = status[key].strip()
        return found

    def fill(megabytes):
        try:
            with open("fill", "wb") as fh:
                for _ in range(megabytes):
                    fh.write(b"x" * (1 << 20))
                    fh.flush()
        except OSError as exc:
            return exc.strerror
        return "written"

    def threads(count):
        import threading
        import time

        started = 0
        try:
            for _ in range(count):
                threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
                started += 1
        except RuntimeError as exc:
            return started, str(exc)
        return started, "all started"

    def raise_task_cap():
        try:
            with open("/proc/sys/kernel/pid_max", "w") as fh:
                fh.write("4194304")
        except OSError as exc:
            return exc.strerror
        return "raised"

    def escape():
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execvp("sleep", ["sleep", "4247"])
            os._exit(0)
        os.wait()
        return 1
''')


@pytest.fixture
def fenced(outside_tmp):
    from dlkit.sandbox import namespaces

    ok, why = namespaces.available()
    if not ok:
        pytest.skip(f"this machine does not allow the namespaces sandbox: {why}")
    secret = outside_tmp / "graders"
    secret.mkdir()
    (secret / "test_topic.py").write_text("answers")
    module = outside_tmp / "mod.py"
    module.write_text(UNDO)
    w = Worker("mod", str(module), Limits(cpu_seconds=60, call_cpu_seconds=30, disk_mb=8,
                                          sandbox_hidden=(str(secret),)))
    assert w.start().ok
    yield w, secret
    w.close()


def test_the_fence_cannot_be_undone_from_inside(fenced):
    worker, secret = fenced
    got = worker.call("undo", (str(secret),))
    assert got.ok, got.message
    found = got.value
    for call in ("umount", "remount_rw", "mount_proc", "mount_tmpfs", "unshare_user", "unshare_mount",
                 "setns", "ptrace_me"):
        assert found[call] == "Operation not permitted", (call, found)
    assert found["hidden"] == [] and found["processes"] == [1], found
    assert int(found["CapEff"], 16) == int(found["CapPrm"], 16) == int(found["CapBnd"], 16) == 0, found
    assert found["NoNewPrivs"] == "1" and found["Seccomp"] == "2", found


def test_the_fenced_folder_is_size_limited(fenced):
    worker, _ = fenced
    got = worker.call("fill", (64,))
    assert got.ok and got.value == "No space left on device", got


def test_the_fenced_worker_holds_a_bounded_number_of_tasks(fenced):
    """A thread or fork bomb meets the PID namespace's own pid_max (Linux
    6.14+), which nothing inside can raise; without it, it would take PIDs
    from the machine's process table."""
    from dlkit.sandbox import namespaces

    worker, _ = fenced
    if tuple(int(n) for n in re.findall(r"\d+", os.uname().release)[:2]) < (6, 14):
        pytest.skip("pid_max is per PID namespace from Linux 6.14")
    got = worker.call("raise_task_cap")
    assert got.ok and got.value == "Read-only file system", got
    got = worker.call("threads", (2 * namespaces.MAX_TASKS,))
    assert got.ok, got.message
    started, why = got.value
    assert started < namespaces.MAX_TASKS and "can't start new thread" in why, got.value


def test_no_fork_outlives_the_fenced_worker(fenced):
    worker, _ = fenced
    assert worker.call("escape").ok
    worker.stop()  # at once: no poll has to see the grandchild
    time.sleep(0.5)
    assert subprocess.run(["pgrep", "-f", "sleep 4247"], capture_output=True).returncode == 1


PLANT = textwrap.dedent('''
    import os

    def plant(names, target):
        for name in names:
            os.symlink(target, name)
        return sorted(os.listdir("."))

    def echo(model):
        return model
''')


def test_the_grader_never_writes_through_a_link_the_worker_planted(tmp_path):
    """Unfenced, the worker can plant links in its folder; models still
    cross without the grader writing into (or reading from) that folder."""
    import keras

    from dlkit.testing.models import model_record

    module = tmp_path / "mod.py"
    module.write_text(PLANT)
    target = tmp_path / "written-through-the-link"
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    (tmp_path / "grader").mkdir()
    record = model_record(model, str(tmp_path / "grader"))
    name = os.path.basename(record.data["path"])
    with Worker("mod", str(module), Limits(cpu_seconds=60, call_cpu_seconds=30)) as w:
        assert w.start().ok
        assert w.call("plant", ([name, f"1-{name}", "1-1.keras"], str(target))).ok
        got = w.call("echo", (record,))
        assert got.ok, got.message
        back = got.value.data["path"]
        assert not os.path.islink(back) and os.path.dirname(back) == w.exchange
    assert not target.exists()


def test_code_living_under_tmp_stays_visible_in_the_fence(tmp_path):
    """A kit, a virtual environment or a sys.path folder under /tmp (a CI
    checkout) is bound, read-only, into the fence's private /tmp."""
    from dlkit import paths
    from dlkit.sandbox import namespaces

    if not str(tmp_path).startswith("/tmp/"):
        pytest.skip("pytest's temporary folder is not under /tmp here")
    if not namespaces.available()[0]:
        pytest.skip(f"this machine does not allow the namespaces sandbox: {namespaces.available()[1]}")
    lib, work = tmp_path / "lib", tmp_path / "work"
    lib.mkdir()
    work.mkdir()
    (lib / "marker_module.py").write_text("VALUE = 'seen'\n")
    probe = ("from dlkit.sandbox import namespaces; namespaces.enter([]); "
             "import marker_module; print(marker_module.VALUE)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(lib), str(paths.ROOT)])}
    done = subprocess.run([sys.executable, "-c", probe], cwd=work, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip() == "seen", done.stderr[-2000:]
