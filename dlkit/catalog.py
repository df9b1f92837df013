"""The catalog of wrong solutions: ``tests/mistakes/<topic>.toml``.

Each ``[[mistake]]`` is a realistic wrong solution of a topic, written as a
change to the reference ``solutions/<topic>.py``, with the grader test that
must catch it and the text that test's failure message must contain::

    [[mistake]]
    name = "leaky_relu_default_alpha_001"
    test = "test_relu_and_leaky_relu_match_keras"
    message = "wrong default alpha"
    about = "leaky_relu with the textbook default slope 0.01 instead of Keras's 0.2."
    replace = "alpha=0.2):"
    with = "alpha=0.01):"

- ``replace`` -> ``with``: one edit. ``replace`` must occur exactly once in
  the reference; several edits of one mistake go in ``[[mistake.edit]]``
  tables (each with its own ``replace`` and ``with``), which must not
  overlap.
- ``source``: a rewrite, for a mistake that shares little with the
  reference: code appended to the reference after ``# --- mistake ---``,
  whose definitions replace the reference's.

Read with :mod:`tomllib`; nothing here imports TensorFlow or runs the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomllib

from dlkit import paths

APPENDED = "\n\n# --- mistake ---\n"
NAME = re.compile(r"[a-z0-9_]+")
KEYS = {"name", "test", "message", "about", "replace", "with", "edit", "source"}


class CatalogError(ValueError):
    """A catalog file that cannot be read, or an entry that does not apply."""


@dataclass(frozen=True)
class Edit:
    replace: str
    new: str  # TOML's ``with``


@dataclass(frozen=True)
class Mistake:
    topic: str
    name: str
    test: str  # the grader test that must lose points
    message: str  # text that test's failure message must contain (any case)
    about: str = ""
    edits: tuple[Edit, ...] = ()
    source: str | None = None  # a rewrite, appended to the reference

    @property
    def label(self) -> str:
        return f"{self.topic}/{self.name}"

    def apply(self, reference: str) -> str:
        """The reference with this mistake made: the module a student with
        this mistake would hand in.  CatalogError, naming the entry, when an
        edit's ``replace`` does not occur exactly once or two edits overlap."""
        if self.source is not None:
            return reference + APPENDED + self.source
        spans = []
        for k, edit in enumerate(self.edits, 1):
            count = reference.count(edit.replace)
            if count != 1:
                first = edit.replace.strip().splitlines()[0] if edit.replace.strip() else edit.replace
                raise CatalogError(
                    f"{self.label}: edit {k}: the text to replace occurs {count} times in "
                    f"solutions/{self.topic}.py (it must occur exactly once): {first!r}")
            start = reference.index(edit.replace)
            spans.append((start, start + len(edit.replace), k, edit.new))
        spans.sort()
        for (_, end, k1, _), (start, _, k2, _) in zip(spans, spans[1:]):
            if start < end:
                raise CatalogError(f"{self.label}: edits {k1} and {k2} overlap")
        out = reference
        for start, end, _, new in reversed(spans):
            out = out[:start] + new + out[end:]
        return out


def catalog_dir(root: Path | None = None) -> Path:
    return (root or paths.ROOT) / "tests" / "mistakes"


def catalog_file(topic: str, root: Path | None = None) -> Path:
    return catalog_dir(root) / f"{topic}.toml"


def _text(entry: dict, key: str, where: str, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise CatalogError(f"{where}: `{key}` must be a non-empty string")
    return value


def parse(topic: str, text: str, origin: str = "") -> list[Mistake]:
    """The mistakes of one catalog file's text (not yet applied)."""
    origin = origin or f"tests/mistakes/{topic}.toml"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{origin}: {exc}") from exc
    if set(data) - {"mistake"}:
        raise CatalogError(f"{origin}: unknown top-level keys {sorted(set(data) - {'mistake'})}")
    found, seen = [], set()
    for k, entry in enumerate(data.get("mistake", []), 1):
        where = f"{origin}: mistake {k}"
        name = _text(entry, "name", where)
        where = f"{origin}: {name}"
        if not NAME.fullmatch(name):
            raise CatalogError(f"{where}: a name is lower-case letters, digits and _")
        if name in seen:
            raise CatalogError(f"{where}: a second mistake with this name")
        seen.add(name)
        unknown = set(entry) - KEYS
        if unknown:
            raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
        edits = []
        if "replace" in entry or "with" in entry:
            edits.append((entry.get("replace"), entry.get("with")))
        edits += [(e.get("replace"), e.get("with")) for e in entry.get("edit", [])]
        source = entry.get("source")
        if bool(edits) == (source is not None):
            raise CatalogError(f"{where}: give either edits (`replace` and `with`) or a `source`")
        for j, (old, new) in enumerate(edits, 1):
            if not isinstance(old, str) or not old or not isinstance(new, str):
                raise CatalogError(f"{where}: edit {j} needs a non-empty `replace` and a `with`")
        if source is not None and (not isinstance(source, str) or not source.strip()):
            raise CatalogError(f"{where}: `source` must be non-empty code")
        found.append(Mistake(topic, name, _text(entry, "test", where), _text(entry, "message", where),
                             _text(entry, "about", where, required=False),
                             tuple(Edit(old, new) for old, new in edits), source))
    return found


def load(topic: str, root: Path | None = None) -> list[Mistake]:
    """The mistakes of a topic's catalog file, in file order."""
    path = catalog_file(topic, root)
    if not path.is_file():
        raise CatalogError(f"{path}: no catalog for topic {topic}")
    return parse(topic, path.read_text(), str(path))


def mistake(topic: str, name: str, root: Path | None = None) -> Mistake:
    for m in load(topic, root):
        if m.name == name:
            return m
    raise KeyError(f"no mistake {name!r} in {catalog_file(topic, root)}")


def mistaken_source(topic: str, name: str, root: Path | None = None) -> str:
    """The reference of ``topic`` with the mistake ``name`` made."""
    reference = ((root or paths.ROOT) / "solutions" / f"{topic}.py").read_text()
    return mistake(topic, name, root).apply(reference)
