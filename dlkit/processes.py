"""Process-tree helpers: read from /proc on Linux (cheap enough to poll
every 20 ms), through psutil elsewhere (macOS, Windows: a student's own
laptop) or when ``DLKIT_PORTABLE=1`` asks for the portable path on Linux
(its test).  Every function has the same meaning either way."""

from __future__ import annotations

import os
import signal
import sys

# The portable path: psutil for process trees, and workers started afresh
# (dlkit.sandbox.spawned) instead of forked from the template.
PORTABLE = sys.platform != "linux" or os.environ.get("DLKIT_PORTABLE") == "1"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _children_proc(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                kids.extend(int(p) for p in fh.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return kids


def descendants(pid: int) -> set[int]:
    """``pid`` and everything below it, as far as the system shows right now."""
    seen, todo = set(), [pid]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        todo.extend(children(p))
    return seen


def _running_proc(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie has already died)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def _identity_proc(pid: int) -> str | None:
    """``pid`` and its start time: a pid is reused, the pair is not."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return f"{pid} {fh.read().rsplit(')', 1)[1].split()[19]}"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def _cpu_seconds_proc(pid: int) -> float:
    """CPU time of ``pid`` (all its threads) and of its children it has
    waited for: summed over a live process tree, the tree's whole CPU time."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / TICKS
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0.0


def _resident_bytes_proc(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0


def _anonymous_bytes_proc(pid: int) -> int:
    """``pid``'s resident anonymous memory (its heap, not mapped files).  A
    forked child starts with its parent's (copied when written, so the count
    stays): what it holds beyond that is what it allocated itself."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
        pass
    return 0


def _proportional_bytes_proc(pid: int) -> int:
    """``pid``'s proportional set size: each page it shares counted as its
    share, so that a tree of processes forked from one template sums to
    the memory they really take (resident sizes would count it in each)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError, IndexError):
        pass
    return 0


def _kill_all_proc(pgid: int, pids: set[int]) -> None:
    """SIGKILL the process group and every pid seen in the tree, which also
    catches children that left the group with ``setsid``."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def signal_name(returncode: int) -> str:
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


# -- the portable path: psutil ----------------------------------------------------------


def _ask(pid: int, read, default):
    """``read(psutil.Process(pid))``, or ``default`` for a process that is
    gone or cannot be read."""
    import psutil

    try:
        return read(psutil.Process(pid))
    except (psutil.Error, OSError):
        return default


def _children_psutil(pid: int) -> list[int]:
    return _ask(pid, lambda p: [c.pid for c in p.children()], [])


def _running_psutil(pid: int) -> bool:
    import psutil

    return _ask(pid, lambda p: p.status() not in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD), False)


def _identity_psutil(pid: int) -> str | None:
    return _ask(pid, lambda p: f"{pid} {p.create_time()!r}", None)


def _cpu_seconds_psutil(pid: int) -> float:
    def total(p) -> float:
        t = p.cpu_times()
        return t.user + t.system + getattr(t, "children_user", 0.0) + getattr(t, "children_system", 0.0)

    return _ask(pid, total, 0.0)


def _resident_bytes_psutil(pid: int) -> int:
    return _ask(pid, lambda p: p.memory_info().rss, 0)


def _proportional_bytes_psutil(pid: int) -> int:
    def proportional(p) -> int:
        info = p.memory_full_info()
        return getattr(info, "pss", None) or getattr(info, "uss", None) or info.rss

    return _ask(pid, proportional, 0)


def _kill_all_psutil(pgid: int, pids: set[int]) -> None:
    """Kill every pid seen, and whatever is below them now."""

    victims = set(pids) | {pgid}
    for p in list(victims):
        victims |= _ask(p, lambda proc: {c.pid for c in proc.children(recursive=True)}, set())
    for p in victims:
        _ask(p, lambda proc: proc.kill(), None)


# A process's identity is written by one process and read by another (the
# owner of a scratch folder, dlkit.scratch.sweep): one form per machine,
# whatever path each process takes.
identity = _identity_proc if os.path.isdir("/proc/self") else _identity_psutil
if PORTABLE:
    children, running = _children_psutil, _running_psutil
    cpu_seconds, resident_bytes = _cpu_seconds_psutil, _resident_bytes_psutil
    # Without /proc's RssAnon, the resident size: a spawned worker shares no
    # pages with a template, so there is nothing to subtract anyway.
    anonymous_bytes = _resident_bytes_psutil
    proportional_bytes, kill_all = _proportional_bytes_psutil, _kill_all_psutil
else:
    children, running = _children_proc, _running_proc
    cpu_seconds, resident_bytes = _cpu_seconds_proc, _resident_bytes_proc
    anonymous_bytes, proportional_bytes = _anonymous_bytes_proc, _proportional_bytes_proc
    kill_all = _kill_all_proc
