"""The limits one topic's worker runs under."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 60.0  # the whole topic: imports, every call, restarts
    call_seconds: float = 60.0  # one call (capped by what is left of wall_seconds)
    memory_mb: int = 4096  # resident memory of the worker and its children
    output_bytes: int = 16_384  # captured stdout/stderr kept per stream
    reply_bytes: int = 256 << 20  # largest reply accepted from a worker
    model_bytes: int = 200 << 20  # largest saved model accepted from a worker
    restarts: int = 3  # times a crashed worker is started again for later tests
    disk_mb: int = 256  # the fenced worker's writable folder (a tmpfs of this size)
    # None: no fence; otherwise the worker enters dlkit.sandbox.namespaces
    # (no network, read-only files, locked mounts) with these folders hidden.
    sandbox_hidden: tuple[str, ...] | None = None
