"""The limits one topic's worker runs under.

Time is counted in CPU-seconds of the worker's whole process tree (every
thread, every process it forked), the way judges such as isolate and
DOMjudge keep verdicts fair on a busy machine: a call that needs 3
CPU-seconds needs 3 whether the machine is idle or loaded.  A wall-clock
backstop, several times the CPU limit, still stops a worker that sleeps or
blocks without using the CPU.
"""

from __future__ import annotations

from dataclasses import dataclass

# The wall-clock backstop for a CPU limit of S seconds: WALL_FACTOR * S +
# WALL_EXTRA.  Six CPU-bound processes on 2 cores leave a single-threaded
# call about a quarter of a core: 4x, and some seconds for the start.
WALL_FACTOR = 4.0
WALL_EXTRA = 10.0


# The judge process a topic's hidden tests run in (dlkit.testing.topic_process):
# the grader's own work for one topic, loading and calling the student's
# models included.  The reference's costliest judge (regularization) takes about
# 9 CPU-seconds and 100 MB.
JUDGE_CPU_SECONDS = 60.0
# Its memory beyond the pages it shares with the grader process it was forked from.
JUDGE_MEMORY_MB = 3072


def wall_backstop(cpu_seconds: float) -> float:
    return WALL_FACTOR * cpu_seconds + WALL_EXTRA


def judge_wall_seconds(topic_cpu_seconds: float) -> float:
    """How long a topic's judge may take: the backstop of the topic's worker
    (the judge waits on it) and its own."""
    return wall_backstop(topic_cpu_seconds) + wall_backstop(JUDGE_CPU_SECONDS)


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float = 60.0  # the whole topic: import, every call, restarts (CPU-seconds)
    call_cpu_seconds: float = 60.0  # one call (capped by what is left of cpu_seconds)
    # resident memory of the worker and its children, beyond the pages each
    # process shares with the template it was forked from
    memory_mb: int = 4096
    output_bytes: int = 16_384  # captured stdout/stderr kept per stream
    reply_bytes: int = 256 << 20  # largest reply accepted from a worker
    model_bytes: int = 200 << 20  # largest saved model accepted from a worker
    restarts: int = 3  # times a crashed worker is started again for later tests
    disk_mb: int = 256  # the fenced worker's writable folder (a tmpfs of this size)
    threads: int = 2  # compute threads (TensorFlow's pools, the BLAS) in each worker
    # None: no fence; otherwise the worker enters dlkit.sandbox.namespaces
    # (no network, read-only files, locked mounts) with these folders hidden.
    sandbox_hidden: tuple[str, ...] | None = None

    @property
    def wall_seconds(self) -> float:
        """The topic's wall-clock backstop."""
        return wall_backstop(self.cpu_seconds)
