"""Grader randomness: fixed, so every run grades the same cases, but drawn
per test so that hard-coding a table of textbook answers does not pass."""

from __future__ import annotations

import os
import zlib

import numpy as np

GRADER_SEED = int(os.environ.get("DLKIT_GRADER_SEED", "20261122"))


def grader_rng(label: str) -> np.random.Generator:
    return np.random.default_rng([GRADER_SEED, zlib.crc32(label.encode())])
