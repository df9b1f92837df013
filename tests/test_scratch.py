"""Folders that dlkit leaves in the machine's temporary folder when a process
is killed outright are removed later, and only those."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from dlkit import scratch

CLAIM_AND_EXIT = "from dlkit import scratch; print(scratch.owned_mkdtemp(scratch.GRADER_PREFIX))"


def test_sweep_removes_the_folders_whose_owner_is_gone_and_only_those(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # owned_mkdtemp alone never removes its folder: as if its owner had been killed.
    dead_owner = subprocess.run([sys.executable, "-c", CLAIM_AND_EXIT], capture_output=True, text=True,
                                env=dict(os.environ, TMPDIR=str(tmp_path)), check=True).stdout.strip()
    reused_pid = scratch.owned_mkdtemp(scratch.PROCESS_PREFIX)
    (tmp_path / reused_pid / scratch.OWNER_FILE).write_text(f"{os.getpid()} 0")  # this pid, started at boot
    alive_owner = scratch.owned_mkdtemp(scratch.GRADER_PREFIX)
    no_owner = tmp_path / f"{scratch.GRADER_PREFIX}being-made"
    no_owner.mkdir()
    not_dlkit = tmp_path / "someone-elses"
    not_dlkit.mkdir()
    (not_dlkit / scratch.OWNER_FILE).write_text("1 0")

    removed = scratch.sweep()

    assert sorted(removed) == sorted([dead_owner, reused_pid]), removed
    assert not os.path.exists(dead_owner) and not os.path.exists(reused_pid)
    assert os.path.isdir(alive_owner) and no_owner.is_dir() and not_dlkit.is_dir()
