# expect: {"topic": "output_size", "base": "reference", "needs": "sandbox", "message": "got 0", "score": "partial"}
"""Reserves 3 GiB on the disk from its folder; the fenced worker's only
writable space is a small tmpfs (the registry's disk_mb)."""
import os

RESERVED = 0
for name in ("fill-1", "fill-2", "fill-3"):
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o600)
        os.posix_fallocate(fd, 0, 1 << 30)
        os.close(fd)
        RESERVED += 1 << 30
    except OSError:
        break
for name in ("fill-1", "fill-2", "fill-3"):
    if os.path.exists(name):
        os.remove(name)


_right = conv_output_length  # the reference's (prepended): right answers if the attack worked


def conv_output_length(*args, **kwargs):
    return _right(*args, **kwargs) if RESERVED >= 1 << 30 else 0
