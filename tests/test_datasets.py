"""Datasets load offline, deterministically, with disjoint documented splits."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from dlkit import datasets


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
