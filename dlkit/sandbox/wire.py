"""Length-prefixed messages over a pipe, with a deadline and a size cap."""

from __future__ import annotations

import os
import select
import struct
import time

HEADER = struct.Struct("<Q")


class WireTimeout(Exception):
    """No complete message arrived before the deadline."""


class WireClosed(Exception):
    """The other end closed the pipe (the process died or closed it)."""


class WireTooLarge(Exception):
    """The other end announced a message larger than allowed."""


def send(fd: int, payload: bytes) -> None:
    data = memoryview(HEADER.pack(len(payload)) + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks = []
    while n:
        if deadline is not None:
            # Past the deadline, still take what has already arrived.
            left = max(deadline - time.monotonic(), 0.0)
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise WireTimeout()
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise WireClosed()
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def receive(fd: int, deadline: float | None = None, max_bytes: int = 1 << 30) -> bytes:
    """Read one message; ``deadline`` is a ``time.monotonic()`` instant."""
    (size,) = HEADER.unpack(_read_exact(fd, HEADER.size, deadline))
    if size > max_bytes:
        raise WireTooLarge(size)
    return _read_exact(fd, size, deadline)
