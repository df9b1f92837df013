"""A seccomp filter that refuses the system calls a fenced worker could use
to undo its fence or reach past it.

Refused with EPERM: mounting and unmounting (the old and the new mount API),
pivot_root and chroot, creating or entering namespaces (``unshare``,
``setns``, and ``clone`` with any ``CLONE_NEW*`` flag), ``ptrace`` and
reading or writing another process's memory, ``bpf``, ``perf_event_open``,
``userfaultfd``, ``io_uring`` (whose requests bypass seccomp), kernel
keyrings, modules, ``kexec``, file handles (``open_by_handle_at`` walks past
mount fences), ``kcmp`` and swapping.  ``clone3`` answers ENOSYS: its flags
sit in memory a filter cannot read, and the C library then falls back to
``clone``, whose flags it can.  Every other call is allowed: this is a
deny-list for the fence's own primitives, not a system-call diet.

Hand-written BPF instead of libseccomp's Python binding: that binding needs
the C library installed on the machine, and ``pip install`` alone must give
this guarantee.  Only x86-64 and AArch64 are known here; :func:`install`
refuses on other machines, so the worker reports itself unfenced.
"""

from __future__ import annotations

import ctypes
import errno
import platform

# seccomp_data: nr (u32) at 0, arch (u32) at 4, instruction_pointer at 8, args[6] (u64) from 16.
_NR, _ARCH, _ARG0_LOW = 0, 4, 16
_LD_W_ABS, _JEQ_K, _JSET_K, _JGE_K, _RET_K = 0x20, 0x15, 0x45, 0x35, 0x06
_RET_ALLOW, _RET_ERRNO, _RET_KILL_PROCESS = 0x7FFF0000, 0x00050000, 0x80000000
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2

CLONE_NEW_FLAGS = (0x00000080 | 0x00020000 | 0x02000000 | 0x04000000  # time, ns, cgroup, uts
                   | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000)  # ipc, user, pid, net

# (audit arch, {system call: number}); x86-64's x32 calls (bit 30) are refused outright.
_TABLES = {
    "x86_64": (0xC000003E, {
        "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272,
        "setns": 308, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
        "kexec_load": 246, "kexec_file_load": 320, "init_module": 175, "finit_module": 313,
        "delete_module": 176, "name_to_handle_at": 303, "open_by_handle_at": 304, "bpf": 321,
        "perf_event_open": 298, "userfaultfd": 323, "keyctl": 250, "add_key": 248,
        "request_key": 249, "kcmp": 312, "swapon": 167, "swapoff": 168, "acct": 163,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432,
        "fspick": 433, "mount_setattr": 442, "clone": 56, "clone3": 435,
    }),
    "aarch64": (0xC00000B7, {
        "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "unshare": 97,
        "setns": 268, "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271,
        "kexec_load": 104, "kexec_file_load": 294, "init_module": 105, "finit_module": 273,
        "delete_module": 106, "name_to_handle_at": 264, "open_by_handle_at": 265, "bpf": 280,
        "perf_event_open": 241, "userfaultfd": 282, "keyctl": 219, "add_key": 217,
        "request_key": 218, "kcmp": 272, "swapon": 224, "swapoff": 225, "acct": 89,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432,
        "fspick": 433, "mount_setattr": 442, "clone": 220, "clone3": 435,
    }),
}


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def supported() -> bool:
    return platform.machine() in _TABLES


def program(machine: str | None = None) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions."""
    arch, numbers = _TABLES[machine or platform.machine()]
    refused = sorted(n for name, n in numbers.items() if name not in ("clone", "clone3"))
    deny = lambda e: (_RET_K, 0, 0, _RET_ERRNO | e)
    body = [(_LD_W_ABS, 0, 0, _ARCH), (_JEQ_K, 1, 0, arch), (_RET_K, 0, 0, _RET_KILL_PROCESS),
            (_LD_W_ABS, 0, 0, _NR)]
    if arch == 0xC000003E:
        body += [(_JGE_K, 0, 1, 0x40000000), deny(errno.EPERM)]
    for number in refused:
        body += [(_JEQ_K, 0, 1, number), deny(errno.EPERM)]
    body += [(_JEQ_K, 0, 1, numbers["clone3"]), deny(errno.ENOSYS),
             (_JEQ_K, 0, 3, numbers["clone"]), (_LD_W_ABS, 0, 0, _ARG0_LOW),
             (_JSET_K, 0, 1, CLONE_NEW_FLAGS), deny(errno.EPERM),
             (_RET_K, 0, 0, _RET_ALLOW)]
    return body


def install() -> None:
    """Set ``no_new_privs`` and load the filter for this process and all it
    starts; neither can be undone.  Raises OSError if the kernel refuses."""
    if not supported():
        raise OSError(errno.ENOSYS, f"no seccomp table for {platform.machine()}")
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    code = program()
    instructions = (_Instruction * len(code))(*[_Instruction(*i) for i in code])
    prog = _Program(len(code), instructions)
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")
