"""Process-tree helpers read from /proc (Linux)."""

from __future__ import annotations

import os
import signal

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                kids.extend(int(p) for p in fh.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return kids


def descendants(pid: int) -> set[int]:
    """``pid`` and everything below it, as far as /proc shows right now."""
    seen, todo = set(), [pid]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        todo.extend(children(p))
    return seen


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie has already died)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def identity(pid: int) -> str | None:
    """``pid`` and its start time: a pid is reused, the pair is not."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return f"{pid} {fh.read().rsplit(')', 1)[1].split()[19]}"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def cpu_seconds(pid: int) -> float:
    """CPU time of ``pid`` (all its threads) and of its children it has
    waited for: summed over a live process tree, the tree's whole CPU time."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / TICKS
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0.0


def resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0


def anonymous_bytes(pid: int) -> int:
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


def proportional_bytes(pid: int) -> int:
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


def kill_all(pgid: int, pids: set[int]) -> None:
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
