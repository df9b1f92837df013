"""Where the kit's folders are: the repository root holds solutions/,
exercises/, graders/ and datasets/ beside the dlkit package."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("DLKIT_ROOT", Path(__file__).resolve().parent.parent))
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
PUBLIC_CHECKS = EXERCISES / "tests"
GRADERS = Path(os.environ.get("DLKIT_GRADERS", ROOT / "graders"))
