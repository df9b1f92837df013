"""The options and limits of one grading, as one typed, validated record.

:class:`GradingSettings` is what ``dlkit grade`` (and ``grade_many``) hands
the grader process in its job file, what the pytest plugin reads from its
command line and environment, and what one submission may add for itself
(``tests``, or a topic's limit).

Precedence (:func:`resolve`), lowest first, in the style of pytest-timeout:

1. the defaults (``GradingSettings()``, or the caller's own);
2. the environment: ``DLKIT_TIME_LIMITS`` and ``DLKIT_MEMORY_LIMITS``
   (``topic=value,...``), ``DLKIT_SANDBOX`` (``off | on | auto``),
   ``DLKIT_SANDBOX_HIDE`` (folders, ``os.pathsep``-separated),
   ``DLKIT_THREADS``;
3. explicit values: command-line options or arguments.

A per-topic map (``time``, ``memory``, ``tests``) is merged topic by topic:
a later layer that names a topic replaces that topic's value only.  Any
other field given by a later layer replaces the earlier one.  Values not
given (``None``, an absent key) leave the lower layer's.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

SANDBOX_MODES = ("auto", "on", "off")
PER_TOPIC = ("time", "memory", "tests")

ENV_TIME_LIMITS = "DLKIT_TIME_LIMITS"
ENV_MEMORY_LIMITS = "DLKIT_MEMORY_LIMITS"
ENV_SANDBOX = "DLKIT_SANDBOX"
ENV_SANDBOX_HIDE = "DLKIT_SANDBOX_HIDE"
ENV_THREADS = "DLKIT_THREADS"


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class GradingSettings:
    """How a grading runs; every field is optional and validated.

    - ``time``: topic -> CPU-seconds for the whole topic (overrides the registry);
    - ``memory``: topic -> megabytes;
    - ``sandbox``: ``"auto"`` (the fence where the machine allows it), ``"on"``, ``"off"``;
    - ``sandbox_hide``: more folders the fenced workers must not see;
    - ``threads``: compute threads of each grader process (None: the libraries' own);
    - ``tests``: topic -> the only tests of its grader to run (the catalog's mistakes).
    """

    time: Mapping[str, float] = field(default_factory=dict)
    memory: Mapping[str, float] = field(default_factory=dict)
    sandbox: str = "auto"
    sandbox_hide: tuple[str, ...] = ()
    threads: int | None = None
    tests: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from dlkit import registry

        known = {t.name for t in registry.topics()}
        for kind in PER_TOPIC:
            mapping = getattr(self, kind)
            if not isinstance(mapping, Mapping):
                raise ValueError(f"grading settings: {kind} must map topic names to values, "
                                 f"not {type(mapping).__name__}")
            unknown = sorted(set(mapping) - known)
            if unknown:
                raise ValueError(f"grading settings: unknown topic{'s' * (len(unknown) > 1)} in {kind}: "
                                 f"{', '.join(unknown)} (known: {', '.join(sorted(known))})")
        for kind, unit in (("time", "CPU-seconds"), ("memory", "MB")):
            checked = {}
            for topic, value in getattr(self, kind).items():
                try:
                    number = float(value)
                except (TypeError, ValueError):
                    raise ValueError(f"grading settings: {kind} limit of {topic} is not a number: "
                                     f"{value!r}") from None
                if not (number > 0 and math.isfinite(number)):
                    raise ValueError(f"grading settings: {kind} limit of {topic} must be a positive "
                                     f"number of {unit}, not {value!r}")
                checked[topic] = number
            object.__setattr__(self, kind, _frozen(checked))
        tests = {}
        for topic, names in self.tests.items():
            if isinstance(names, str) or not all(isinstance(n, str) and n for n in names):
                raise ValueError(f"grading settings: tests of {topic} must be a list of test names, "
                                 f"not {names!r}")
            tests[topic] = tuple(names)
        object.__setattr__(self, "tests", _frozen(tests))
        if self.sandbox not in SANDBOX_MODES:
            raise ValueError(f"grading settings: sandbox must be one of {', '.join(SANDBOX_MODES)}, "
                             f"not {self.sandbox!r}")
        if isinstance(self.sandbox_hide, str):
            raise ValueError("grading settings: sandbox_hide must be a list of folders, not a string")
        object.__setattr__(self, "sandbox_hide", tuple(str(p) for p in self.sandbox_hide))
        if self.threads is not None:
            if isinstance(self.threads, bool) or not isinstance(self.threads, int) or self.threads <= 0:
                raise ValueError(f"grading settings: threads must be a positive whole number, "
                                 f"not {self.threads!r}")

    # -- JSON (the grader process's job file and submission lines) ---------

    def to_json(self) -> dict:
        return {"time": dict(self.time), "memory": dict(self.memory), "sandbox": self.sandbox,
                "sandbox_hide": list(self.sandbox_hide), "threads": self.threads,
                "tests": {t: list(n) for t, n in self.tests.items()}}

    @classmethod
    def from_json(cls, data: Mapping | None) -> GradingSettings:
        """The record from :meth:`to_json`'s form, or from the older limits dict
        (``{"time": {...}, "sandbox": "off", ...}``): absent keys keep the
        defaults, unknown keys raise ValueError."""
        data = dict(data or {})
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"grading settings: unknown setting{'s' * (len(unknown) > 1)} "
                             f"{', '.join(unknown)} (known: {', '.join(sorted(names))})")
        return cls(**{k: v for k, v in data.items() if v is not None})

    @classmethod
    def coerce(cls, value: GradingSettings | Mapping | None) -> GradingSettings:
        """``value`` itself, or the record a limits dict (or None) stands for."""
        return value if isinstance(value, GradingSettings) else cls.from_json(value)

    def get(self, key: str, default=None):
        """Read like the limits dict this record replaces: ``settings.get("time", {})``."""
        value = getattr(self, key) if key in {f.name for f in fields(self)} else None
        return default if value is None else value

    def time_limit(self, topic: str, default: float) -> float:
        return self.time.get(topic, default)


def _given(layer: GradingSettings | Mapping | None) -> dict:
    """The fields a layer gives: a record gives all of its fields, a mapping
    only its keys whose value is not None."""
    if layer is None:
        return {}
    if isinstance(layer, GradingSettings):
        return {f.name: getattr(layer, f.name) for f in fields(layer)}
    return {k: v for k, v in layer.items() if v is not None}


def resolve(*layers: GradingSettings | Mapping | None,
            defaults: GradingSettings | None = None) -> GradingSettings:
    """The settings from ``defaults`` then each layer in turn, later layers
    taking precedence (the module docstring's order: pass the environment's
    layer, :func:`from_environment`, before the explicit one).  Per-topic
    maps merge topic by topic.  A layer is a mapping (its keys whose value is
    not None) or a record (its fields that differ from ``GradingSettings()``).
    Raises ValueError on any invalid value."""
    merged = _given(defaults or GradingSettings())
    for layer in layers:
        given = _given(layer)
        if isinstance(layer, GradingSettings):
            # A whole record overrides only where it differs from the defaults.
            base = _given(GradingSettings())
            given = {k: v for k, v in given.items() if v != base[k]}
        for key, value in given.items():
            if key in PER_TOPIC:
                merged[key] = {**merged.get(key, {}), **dict(value)}
            else:
                merged[key] = value
    return GradingSettings.from_json(merged)


def _pairs(text: str, variable: str) -> dict[str, str]:
    found = {}
    for spec in (s.strip() for s in text.split(",")):
        if not spec:
            continue
        name, sep, value = spec.partition("=")
        if not sep:
            raise ValueError(f"{variable}: expected topic=value, got {spec!r}")
        found[name.strip()] = value.strip()
    return found


def from_environment(environ: Mapping[str, str] | None = None) -> dict:
    """The environment's layer (only what it sets), for :func:`resolve`."""
    env = os.environ if environ is None else environ
    layer: dict = {}
    if env.get(ENV_TIME_LIMITS):
        layer["time"] = _pairs(env[ENV_TIME_LIMITS], ENV_TIME_LIMITS)
    if env.get(ENV_MEMORY_LIMITS):
        layer["memory"] = _pairs(env[ENV_MEMORY_LIMITS], ENV_MEMORY_LIMITS)
    if env.get(ENV_SANDBOX):
        layer["sandbox"] = env[ENV_SANDBOX]
    if env.get(ENV_SANDBOX_HIDE):
        layer["sandbox_hide"] = [s for s in env[ENV_SANDBOX_HIDE].split(os.pathsep) if s]
    if env.get(ENV_THREADS):
        try:
            layer["threads"] = int(env[ENV_THREADS])
        except ValueError:
            raise ValueError(f"{ENV_THREADS}: not a whole number: {env[ENV_THREADS]!r}") from None
    return layer


def from_options(time: list[str] | None = None, memory: list[str] | None = None,
                 sandbox: str | None = None, sandbox_hide: list[str] | None = None,
                 threads: int | None = None) -> dict:
    """The command line's layer (``--time-limit TOPIC=S`` given as
    ``["topic=S", ...]``), for :func:`resolve`: options not given are None."""
    layer: dict = {"sandbox": sandbox, "threads": threads}
    if time:
        layer["time"] = _pairs(",".join(time), "--time-limit")
    if memory:
        layer["memory"] = _pairs(",".join(memory), "--memory-limit")
    if sandbox_hide:
        layer["sandbox_hide"] = list(sandbox_hide)
    return layer


def with_overrides(settings: GradingSettings, extra: GradingSettings | Mapping | None) -> GradingSettings:
    """``settings`` with one submission's own additions (``tests``, a topic's limit)."""
    return resolve(extra, defaults=settings) if extra else settings
