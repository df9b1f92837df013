# expect: {"topic": "output_size", "base": "reference", "score": "full", "no_process": "sleep 4244"}
"""Leaves processes behind, one of them in a session of its own."""
import os
import subprocess
import time

subprocess.Popen(["sleep", "4244"], start_new_session=True, stdout=subprocess.DEVNULL)
if os.fork() == 0:
    time.sleep(4244)
    os._exit(0)
