# expect: {"topic": "output_size", "base": "reference", "needs": "sandbox", "message": "got 0", "score": "partial"}
"""Attaches with ptrace to every process it can find (a grader, another
student's worker), to read or rewrite its memory; ptrace is refused and the
fence shows no other process."""
import ctypes
import glob
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_DETACH = 16, 0x4206, 17
ATTACHED = []
child = os.fork()
if child == 0:
    import time
    time.sleep(30)
    os._exit(0)
for path in glob.glob("/proc/[0-9]*"):
    pid = int(path.rsplit("/", 1)[1])
    if pid == os.getpid():
        continue
    for request in (PTRACE_SEIZE, PTRACE_ATTACH):
        if libc.ptrace(request, pid, None, None) == 0:
            ATTACHED.append(pid)
            libc.ptrace(PTRACE_DETACH, pid, None, None)
            break
os.kill(child, 9)
os.waitpid(child, 0)


_right = conv_output_length  # the reference's (prepended): right answers if the attack worked


def conv_output_length(*args, **kwargs):
    return _right(*args, **kwargs) if ATTACHED else 0
