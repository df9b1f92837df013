# expect: {"topic": "output_size", "base": "reference", "score": "full", "no_process": "sleep 4245"}
"""Double fork and setsid at once, faster than any polling can follow: the
grandchild would outlive its worker; in the fence it dies with it (the PID
namespace goes when its first process does)."""
import os

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "4245"])
    os._exit(0)
os.wait()
