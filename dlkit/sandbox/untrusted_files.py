"""Reading files a student controls: a submitted module, a notebook.

A student's file is read only if it is a regular file, opened without
following a link: a symbolic link (to the kit's own solution, say) would be
graded as what it points to, and a FIFO or a device would block or feed the
grader without end."""

from __future__ import annotations

import errno
import os
import stat

MAX_BYTES = 16 << 20  # far more than any module or notebook of the course


def read_regular_file(path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes; OSError with a message a student can act on if it
    is a link, not a regular file, or larger than ``max_bytes``."""
    name = os.path.basename(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(f"{name} is a symbolic link; hand in the file itself") from None
        raise
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{name} is not a regular file; hand in the file itself")
        if info.st_size > max_bytes:
            raise OSError(f"{name} takes {info.st_size >> 20} MB, more than the "
                          f"{max_bytes >> 20} MB a submitted file may take")
        return fh.read(max_bytes + 1)[:max_bytes]
