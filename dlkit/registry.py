"""The ordered topic registry (``topics.toml``): one place that names every
topic with its title, points, limits, learning goals and per-function hints.
The CLI, the stub builder and the graders all read it from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import tomllib

from dlkit.sandbox.limits import Limits

REGISTRY_FILE = Path(__file__).with_name("topics.toml")


@dataclass(frozen=True)
class Topic:
    name: str
    number: int
    title: str
    points: float
    time_limit: float  # CPU-seconds for the topic's whole worker (its import included)
    call_time_limit: float  # CPU-seconds for one call into student code
    memory_mb: int
    disk_mb: int = 256  # the fenced worker's writable folder
    goals: tuple[str, ...] = ()
    hints: dict = field(default_factory=dict)  # function name -> hint
    slow: bool = False  # grading trains models: the kit's catalog tests for it are marked slow
    kit_trains: bool = False  # graders train the student's model in the kit's trainer process

    @property
    def module_file(self) -> str:
        return f"{self.name}.py"

    @property
    def label(self) -> str:
        return f"{self.number:02d} {self.name}"

    def limits(self, time_limit: float | None = None) -> Limits:
        """The worker's limits; ``time_limit`` overrides the topic's
        (``--time-limit``).  Raising it (a slower machine) gives each call
        as much more time; lowering it caps every call at it."""
        cpu = self.time_limit if time_limit is None else time_limit
        call = min(self.call_time_limit * max(1.0, cpu / self.time_limit), cpu)
        return Limits(cpu_seconds=cpu, call_cpu_seconds=call, memory_mb=self.memory_mb,
                      disk_mb=self.disk_mb)

    def hint_for(self, function: str | None) -> str:
        return self.hints.get(function or "", "")


@cache
def topics() -> tuple[Topic, ...]:
    return load(REGISTRY_FILE)


def load(path: Path) -> tuple[Topic, ...]:
    """The topics of a registry file (``topics()`` reads the kit's own, once)."""
    data = tomllib.loads(path.read_text())
    out = []
    for raw in data["topic"]:
        out.append(Topic(
            name=raw["name"], number=raw["number"], title=raw["title"],
            points=raw["points"], time_limit=raw["time_limit"],
            call_time_limit=raw.get("call_time_limit", raw["time_limit"]),
            memory_mb=raw.get("memory_mb", 4096), disk_mb=raw.get("disk_mb", 256),
            goals=tuple(raw.get("goals", ())),
            hints=dict(raw.get("hints", {})), slow=bool(raw.get("slow", False)),
            kit_trains=bool(raw.get("kit_trains", False)),
        ))
    names = [t.name for t in out]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate topic names in {path.name}")
    return tuple(out)


def topic(name: str) -> Topic:
    for t in topics():
        if t.name == name:
            return t
    known = ", ".join(t.name for t in topics())
    raise KeyError(f"unknown topic {name!r}; known topics: {known}")


def select(names: list[str] | None) -> list[Topic]:
    """The named topics in registry order, or all of them."""
    if not names:
        return list(topics())
    wanted = {topic(n).name for n in names}
    return [t for t in topics() if t.name in wanted]


def limit_overrides(specs: list[str] | None, check_names: bool = False) -> dict[str, float]:
    """``["conv_by_hand=30", ...]`` as ``{"conv_by_hand": 30.0}``; with
    ``check_names`` an unknown topic raises KeyError (a usage error)."""
    found = {}
    for spec in specs or []:
        name, _, value = spec.partition("=")
        name = name.strip()
        if check_names:
            topic(name)
        found[name] = float(value)
    return found
