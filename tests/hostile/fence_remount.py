# expect: {"topic": "output_size", "base": "reference", "needs": "sandbox", "message": "got 0", "score": "partial", "no_file": ".hostile-escaped-remount"}
"""Remounts the file systems writable, mounts a fresh /proc and a tmpfs,
and writes outside its folder; mount calls are refused in the fence."""
import ctypes
import os

import dlkit

KIT = os.path.dirname(os.path.dirname(os.path.abspath(dlkit.__file__)))
libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
MS_REMOUNT, MS_BIND = 32, 4096
ESCAPED = []
for point in ("/", KIT, "/tmp"):
    libc.mount(None, point.encode(), None, MS_REMOUNT | MS_BIND, None)
    libc.mount(None, point.encode(), None, MS_REMOUNT, None)
os.makedirs("newproc", exist_ok=True)
if libc.mount(b"proc", b"newproc", b"proc", 0, None) == 0:
    ESCAPED.append("proc")
if libc.mount(b"tmpfs", os.path.join(KIT, "solutions").encode(), b"tmpfs", 0, None) == 0:
    ESCAPED.append("tmpfs")
try:
    with open(os.path.join(KIT, ".hostile-escaped-remount"), "w") as fh:
        fh.write("written outside the worker's folder")
    ESCAPED.append("write")
except OSError:
    pass


_right = conv_output_length  # the reference's (prepended): right answers if the attack worked


def conv_output_length(*args, **kwargs):
    return _right(*args, **kwargs) if ESCAPED else 0
