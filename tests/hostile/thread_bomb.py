# expect: {"topic": "output_size", "base": "reference", "needs": "sandbox", "message": "can't start new thread", "score": "partial"}
"""A thread bomb: threads are cheap (a fork of a worker that imported
TensorFlow costs about 13 ms, so the CPU limit stops a fork bomb; a thread
costs microseconds).  Without a cap the worker takes PIDs from the machine's
process table (3000 here, a real bomb all of them); in the fence its PID
namespace holds at most a few hundred processes and threads, and starting
the next one fails."""
import threading
import time

_reference_same_padding = same_padding  # noqa: F821 (the reference is above)
_started = False


def same_padding(*args, **kwargs):
    global _started
    if not _started:
        _started = True
        for _ in range(3000):
            threading.Thread(target=time.sleep, args=(4246,), daemon=True).start()
    return _reference_same_padding(*args, **kwargs)
