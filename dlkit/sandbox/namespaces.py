"""The stronger isolation, where Linux allows unprivileged namespaces.

A worker that enters it (first thing, while it is still single-threaded):

* has no network: a fresh network namespace holds only a loopback device,
  which is down;
* sees every file system read-only, except its own folder, re-mounted at
  ``/tmp/<its name>`` on a private, empty ``/tmp`` (the grader's reports and
  other workers' folders are not there) and a private ``/dev/shm``;
* does not see the kit's secret folders (hidden graders, solutions, source
  notebooks, the kit's tests, the gradebook), which are covered by empty
  read-only file systems.

It still runs as the same user on the same kernel: this is a fence against
students' code reading the graders' files, writing fake reports or using the
network, not a container.  :func:`available` says whether the machine allows
it; the worker refuses to run student code if entering fails.
"""

from __future__ import annotations

import ctypes
import functools
import os
import subprocess
import sys

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
# statvfs flags -> mount flags a remount must repeat (they are locked in a user namespace)
KEPT_FLAGS = {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC,
              os.ST_NOATIME: MS_NOATIME, os.ST_NODIRATIME: MS_NODIRATIME,
              getattr(os, "ST_RELATIME", 4096): MS_RELATIME}


class SandboxError(OSError):
    pass


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                           ctypes.c_char_p]
    return libc


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise SandboxError(err, f"{what}: {os.strerror(err)}")


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    enc = lambda s: s.encode() if isinstance(s, str) else s
    _check(libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def _mount_points() -> list[str]:
    points = []
    with open("/proc/self/mounts") as fh:
        for line in fh:
            point = line.split()[1].encode().decode("unicode_escape")
            points.append(point)
    return points


def enter(hidden: list[str]) -> str:
    """Enter the sandbox; returns the worker's folder's new path (its cwd)."""
    libc = _libc()
    own = os.getcwd()
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/self/{name}", "w") as fh:
            fh.write(text)
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    own_fd = os.open(own, os.O_RDONLY | os.O_DIRECTORY)
    # The kit and Python itself may live under /tmp (a CI checkout, a venv):
    # keep them visible (read-only) on the private /tmp.
    kit = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    wanted = sorted({os.path.realpath(p) for p in (kit, sys.prefix, *sys.path)
                     if p and os.path.isdir(p)})
    under_tmp = [p for p in wanted if p.startswith("/tmp/") and p != os.path.realpath(own)]
    keep = [p for p in under_tmp if not any(p.startswith(q + os.sep) for q in under_tmp if q != p)]
    keep_fds = {p: os.open(p, os.O_RDONLY | os.O_DIRECTORY) for p in keep}
    for point in sorted(set(_mount_points()), key=len):
        try:
            flags = os.statvfs(point).f_flag
        except OSError:
            continue
        kept = sum(m for s, m in KEPT_FLAGS.items() if flags & s)
        try:
            _mount(libc, None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept)
        except SandboxError:
            pass  # /proc and friends: not a place to write files anyway
    _mount(libc, "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m")
    if os.path.isdir("/dev/shm"):
        _mount(libc, "tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
    for path, fd in keep_fds.items():
        os.makedirs(path, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{fd}", path, None, MS_BIND)
        os.close(fd)
    new_own = os.path.join("/tmp", os.path.basename(own))
    os.mkdir(new_own)
    _mount(libc, f"/proc/self/fd/{own_fd}", new_own, None, MS_BIND)
    os.close(own_fd)
    # A bind mount copies the source's (now read-only) flags: make this one writable.
    _mount(libc, None, new_own, None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV)
    for path in hidden:
        if os.path.isdir(path):
            _mount(libc, "tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k")
    os.chdir(new_own)
    for name in ("HOME", "TMPDIR", "MPLCONFIGDIR"):
        os.environ[name] = new_own
    return new_own


@functools.cache
def available() -> tuple[bool, str]:
    """Whether this machine lets a worker enter the sandbox, and why not."""
    probe = ("import os, sys; from dlkit.sandbox import namespaces as n; "
             "n.enter([]); open('probe', 'w').write('ok'); print(os.getcwd())")
    try:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                              cwd=_scratch())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    if done.returncode == 0:
        return True, ""
    return False, (done.stderr.strip().splitlines() or ["unknown error"])[-1]


def _scratch() -> str:
    from dlkit import scratch

    return scratch.mkdtemp(prefix="dlkit-sandbox-probe-")
