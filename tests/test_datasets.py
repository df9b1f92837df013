"""Datasets load offline, deterministically, with disjoint documented splits."""

from __future__ import annotations

import csv
import sys
import textwrap
import types

import numpy as np
import pytest

from dlkit import datasets, grader_secret, pretrained
from dlkit.sandbox import namespaces
from dlkit.sandbox.limits import Limits
from dlkit.sandbox.supervisor import Worker
from dlkit.testing import plugin


@pytest.mark.parametrize("name, x_shape, train, held", [
    ("digits", (8, 8), 1348, 449), ("mnist28", (28, 28), 1348, 449), ("diabetes", (10,), 354, 88)])
def test_tables_and_images_split_as_documented(name, x_shape, train, held):
    x, y = datasets.load(name)
    xh, yh = datasets.held_out(name)
    assert x.shape == (train, *x_shape) and xh.shape == (held, *x_shape)
    assert len(y) == train and len(yh) == held
    # No held-out row is in the train split.
    rows = {r.tobytes() for r in x.reshape(train, -1)}
    assert sum(r.tobytes() in rows for r in xh.reshape(held, -1)) < held * 0.02  # dup digits exist
    again = datasets.load(name)
    assert np.array_equal(again[0], x) and np.array_equal(again[1], y)


def test_mnist28_looks_like_mnist():
    x, y = datasets.load("mnist28")
    assert x.dtype == np.uint8 and x.max() == 255 and set(np.unique(y)) == set(range(10))


def test_corpus_and_series_are_deterministic_and_held_out_continues():
    text = datasets.load("corpus")
    assert text == datasets.load("corpus") and len(text.splitlines()) == 2000
    assert datasets.held_out("corpus") != text
    series, later = datasets.load("seasonal"), datasets.held_out("seasonal")
    assert series.shape == (480,) and later.shape == (120,) and series.dtype == np.float32


def test_signs_csv_has_letter_labels_and_784_pixels(tmp_path):
    path = datasets.signs_csv(tmp_path / "signs.csv")
    with open(path) as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["label", "pixel1"] and len(rows[0]) == 785 and len(rows) == 1349
    assert {int(r[0]) for r in rows[1:]} == set(datasets.SIGN_LABELS)


def test_keras_datasets_are_not_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="cannot download"):
        datasets.keras_dataset("mnist")
    with pytest.raises(KeyError):
        datasets.keras_dataset("nope")


# -- held-out data is for graders only ----------------------------------------------

HELD_OUT_ASKER = textwrap.dedent('''
    import sys

    from dlkit import datasets, pretrained

    def ask(name):
        return datasets.held_out(name)

    def load(name):
        return datasets.load(name)

    def ask_target():
        return pretrained.held_out_target()

    def ask_unrecognised(name):
        sys.modules["__main__"].__spec__ = None  # no longer looks like a worker
        return datasets.held_out(name)
''')


def test_held_out_is_refused_outside_a_grader(monkeypatch):
    monkeypatch.setattr(sys.modules["__main__"], "__spec__",
                        types.SimpleNamespace(name=grader_secret.WORKER_MODULE))
    for ask in (lambda: datasets.held_out("mnist28"), pretrained.held_out_target):
        with pytest.raises(grader_secret.HeldOutRefused, match="for the graders only"):
            ask()


def test_the_secret_is_the_instructors_setting_or_made_once_per_installation(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv(grader_secret.ENV_VAR, "instructor's own")
    assert grader_secret.grader_secret() == "instructor's own"
    assert not grader_secret.secret_file().exists()
    monkeypatch.delenv(grader_secret.ENV_VAR)
    made = grader_secret.grader_secret()
    assert len(made) == 64 and grader_secret.grader_secret() == made
    assert grader_secret.secret_file().stat().st_mode & 0o077 == 0  # the owner's alone


def test_a_worker_gets_no_held_out_data_even_unsandboxed(tmp_path, monkeypatch):
    monkeypatch.setenv(grader_secret.ENV_VAR, "the grader's")  # not passed on to workers
    module = tmp_path / "mod.py"
    module.write_text(HELD_OUT_ASKER)
    with Worker("mod", str(module), Limits(cpu_seconds=120, call_cpu_seconds=60)) as worker:
        assert worker.start().ok
        for call in (worker.call("ask", ("corpus",)), worker.call("ask_target", ())):
            assert not call.ok and "for the graders only" in call.message, call.message


def test_a_sandboxed_worker_reads_no_dataset_file(tmp_path):
    """Past the worker check, the sandbox still holds no data files and no secret."""
    if not namespaces.available()[0]:
        pytest.skip(f"this machine does not allow the namespaces sandbox: {namespaces.available()[1]}")
    hidden = plugin.sandbox_hidden("on", [])
    module = tmp_path / "mod.py"
    module.write_text(HELD_OUT_ASKER)
    with Worker("mod", str(module), Limits(cpu_seconds=120, call_cpu_seconds=60,
                                           sandbox_hidden=hidden)) as worker:
        assert worker.start().ok
        for name in ("digits", "diabetes"):  # the train split too: graded functions are handed it
            call = worker.call("load", (name,))
            assert not call.ok and "cannot be read while your code is graded" in call.message, (
                call.message)
        for name in ("digits", "diabetes"):
            call = worker.call("ask_unrecognised", (name,))
            assert not call.ok and "FileNotFoundError" in call.message, call.message


def test_generated_held_out_sets_are_drawn_from_the_secret(monkeypatch):
    """The kit's public code (the corpus's seeds, the series's noise) does not
    recompute them; the train parts students get stay as they were."""
    train = {name: datasets.load(name) for name in ("corpus", "seasonal")}
    found = {}
    for secret in ("one", "two", "one"):
        monkeypatch.setenv(grader_secret.ENV_VAR, secret)
        found.setdefault(secret, []).append(
            (datasets.held_out("corpus"), datasets.held_out("seasonal")))
        assert datasets.load("corpus") == train["corpus"]
        assert np.array_equal(datasets.load("seasonal"), train["seasonal"])
    (one_text, one_series), (again_text, again_series) = found["one"]
    (two_text, two_series), = found["two"]
    assert one_text == again_text and np.array_equal(one_series, again_series)
    assert one_text != two_text and not np.allclose(one_series, two_series)
    public = "\n".join(datasets._sentences(300, datasets.CORPUS_SEED + 1)) + "\n"  # the old seed
    assert public not in (one_text, two_text) and len(one_text.splitlines()) == 300
