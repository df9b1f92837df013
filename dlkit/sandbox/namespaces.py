"""The fence a worker enters, where Linux allows unprivileged user namespaces.

Modelled on bubblewrap: the worker (first thing, while single-threaded)
unshares user, mount, network, PID and IPC namespaces, forks, and the child,
PID 1 of the new PID namespace, becomes the worker.  Once fenced it:

* has no network: a fresh network namespace holds only a loopback device,
  which is down;
* sees only the processes it starts (its own ``/proc``); when it dies the
  kernel kills every process in the namespace, so no fork, double fork or
  ``setsid`` outlives it; and it holds at most :data:`MAX_TASKS` processes
  and threads (the namespace's own ``pid_max``, Linux 6.14 and later), so a
  fork bomb gets ``EAGAIN`` instead of the machine's process table;
* sees every file system read-only, except its own folder, a size-limited
  tmpfs at ``/tmp/<its name>`` (its HOME and TMPDIR), on a private, empty,
  read-only ``/tmp``, and a small private ``/dev/shm``; the grader's files
  and other workers' folders are not there;
* does not see the kit's secret folders (hidden graders, solutions, source
  notebooks, the kit's tests, the gradebook, the data sets), which are
  covered by empty read-only file systems;
* cannot undo any of that: the mounts are locked (they are handed to a
  second, unprivileged user namespace, where the kernel refuses to unmount
  them or change their flags), every capability is dropped, including the
  bounding set, so nothing it executes regains one, ``no_new_privs`` is set,
  and a seccomp filter (:mod:`dlkit.sandbox.seccomp`) refuses mount,
  namespace, ptrace and similar calls.

It still runs as the same user on the same kernel: a kernel exploit escapes
it.  :func:`available` says whether the machine allows it; the worker
refuses to run student code if entering fails.
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import subprocess
import sys

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
CLONE_NEWPID, CLONE_NEWIPC = 0x20000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
# statvfs flags -> mount flags a remount must repeat (they are locked in a user namespace)
KEPT_FLAGS = {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC,
              os.ST_NOATIME: MS_NOATIME, os.ST_NODIRATIME: MS_NODIRATIME,
              getattr(os, "ST_RELATIME", 4096): MS_RELATIME}
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 1, 24, 47, 4
PR_SET_SECUREBITS = 28
# noroot, no_setuid_fixup, no_cap_ambient_raise, each locked, and keep_caps locked off
SECURE_BITS_LOCKED = 0xEF
LINUX_CAPABILITY_VERSION_3 = 0x20080522
SHM_MB = 16
# Processes and threads one worker may hold at once: a training worker holds
# about 10 threads; the kernel's floor for pid_max is 301.
MAX_TASKS = 512


class SandboxError(OSError):
    pass


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                           ctypes.c_char_p]
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
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


def _map_user(inside_uid: int, inside_gid: int, outside_uid: int, outside_gid: int) -> None:
    for name, text in (("setgroups", "deny"), ("uid_map", f"{inside_uid} {outside_uid} 1"),
                       ("gid_map", f"{inside_gid} {outside_gid} 1")):
        with open(f"/proc/self/{name}", "w") as fh:
            fh.write(text)


def enter(hidden: list[str], disk_mb: int = 256) -> str:
    """Enter the fence; returns the worker's folder (its cwd), a fresh
    ``disk_mb`` MB tmpfs at ``/tmp/<name of the current folder>``.

    The calling process becomes a relay that waits for the fenced child and
    exits as it did (same status, same signal); only the child returns."""
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    name = os.path.basename(os.getcwd())
    # The kit and Python itself may live under /tmp (a CI checkout, a venv):
    # keep them visible (read-only) on the private /tmp.
    kit = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    wanted = sorted({os.path.realpath(p) for p in (kit, sys.prefix, *sys.path)
                     if p and os.path.isdir(p)})
    under_tmp = [p for p in wanted if p.startswith("/tmp/") and p != os.getcwd()]
    keep = [p for p in under_tmp if not any(p.startswith(q + os.sep) for q in under_tmp if q != p)]
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC),
           "unshare")
    _map_user(0, 0, uid, gid)
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    # Opened in the new mount namespace: a bind mount from a descriptor of
    # another namespace's mount is refused (EINVAL).
    keep_fds = {p: os.open(p, os.O_RDONLY | os.O_DIRECTORY) for p in keep}
    _fork_into_pid_namespace(libc)
    for point in sorted(set(_mount_points()), key=len):
        try:
            flags = os.statvfs(point).f_flag
        except OSError:
            continue
        kept = sum(m for s, m in KEPT_FLAGS.items() if flags & s)
        try:
            _mount(libc, None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept)
        except SandboxError:
            pass  # file systems that refuse a read-only remount are not for files anyway
    # This namespace's processes only: no other process's /proc/<pid>/root,
    # cwd, fd or environ to walk through.
    _mount(libc, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _cap_tasks(MAX_TASKS)
    # Read-only, as bubblewrap leaves it: the worker's uid is root of the
    # namespace's owner, which is all the kernel asks to write pid_max.
    _mount(libc, "/proc/sys", "/proc/sys", None, MS_BIND | MS_REC)
    _mount(libc, None, "/proc/sys", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mount(libc, "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=1m")
    if os.path.isdir("/dev/shm"):
        _mount(libc, "tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={SHM_MB}m")
    for path, fd in keep_fds.items():
        os.makedirs(path, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{fd}", path, None, MS_BIND)
        _mount(libc, None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(fd)
    own = os.path.join("/tmp", name)
    os.mkdir(own)
    _mount(libc, None, "/tmp", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    _mount(libc, "tmpfs", own, "tmpfs", MS_NOSUID | MS_NODEV, f"mode=700,size={int(disk_mb)}m")
    for path in hidden:
        if os.path.isdir(path):
            _mount(libc, "tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k")
    _lock(libc, uid, gid)
    os.chdir(own)
    for var in ("HOME", "TMPDIR", "MPLCONFIGDIR"):
        os.environ[var] = own
    return own


def _fork_into_pid_namespace(libc) -> None:
    """Fork; the child (PID 1 of the new namespace) returns, the parent
    relays its end.  Both die when their parent does."""
    pid = os.fork()
    if pid == 0:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        return
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    os.closerange(3, 1 << 16)  # the grader's pipes: EOF as soon as the child is gone
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)


def _cap_tasks(limit: int) -> bool:
    """Cap the PID numbers of this PID namespace, hence its processes and
    threads, while this process still holds CAP_SYS_ADMIN over it.  Before
    Linux 6.14 pid_max is the machine's and the write is refused (EPERM):
    then the CPU and memory limits are the only bounds on forking.  Dropping
    capabilities is not enough to keep it (the kernel also lets the
    namespace owner's root uid write, and the worker's uid is that one), so
    :func:`enter` makes ``/proc/sys`` read-only."""
    try:
        with open("/proc/sys/kernel/pid_max", "w") as fh:
            fh.write(str(limit))
    except OSError:
        return False
    return True


def _lock(libc, uid: int, gid: int) -> None:
    """Hand the mounts to a second user namespace (the kernel locks mounts
    inherited from a more privileged namespace: no unmount, no flag change),
    then drop every capability for good and refuse the fence's system calls."""
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS), "unshare (lock)")
    _map_user(uid, gid, 0, 0)
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break  # past the last capability this kernel knows
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    _check(libc.prctl(PR_SET_SECUREBITS, SECURE_BITS_LOCKED, 0, 0, 0), "securebits")
    header = (ctypes.c_uint32 * 2)(LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable (x2): all empty
    _check(libc.capset(header, data), "capset")
    from dlkit.sandbox import seccomp

    try:
        seccomp.install()
    except OSError as exc:
        raise SandboxError(exc.errno or 1, f"seccomp: {exc}") from exc


@functools.cache
def available() -> tuple[bool, str]:
    """Whether this machine lets a worker enter the fence, and why not."""
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
