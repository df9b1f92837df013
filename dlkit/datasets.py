"""Datasets that work offline, with documented, seeded splits.

Students' functions are given the train split; graders evaluate on the
held-out split (:func:`held_out`), which is never passed to student code
and is refused inside a worker (:mod:`dlkit.grader_secret`).

| name | what | train / held out |
|---|---|---|
| ``digits`` | scikit-learn's 8x8 handwritten digits, uint8 0-16, labels 0-9 | 1348 / 449 |
| ``mnist28`` | the same digits as MNIST-shaped 28x28 uint8 0-255 images | 1348 / 449 |
| ``diabetes`` | scikit-learn's diabetes regression (10 features), for Boston housing | 354 / 88 |
| ``corpus`` | sentences the kit writes from a small grammar (next-word prediction) | 2000 / 300 |
| ``seasonal`` | a monthly series: trend + 12-step season + noise | 480 / 120 steps (the continuation) |

The split of ``digits``, ``mnist28`` and ``diabetes`` is a permutation drawn
with ``SPLIT_SEED``; the last quarter (digits) or fifth (diabetes) is held
out.  The held-out ``corpus`` and the noise of the held-out ``seasonal``
steps are drawn from the grader secret, so public code cannot recompute them.
``signs_csv()`` writes a sign-language-style CSV (``label,pixel1..pixel784``,
letters 0-24 without 9 = J) of the ``mnist28`` train split.

``keras_dataset("mnist")`` and friends load a ``keras.datasets`` set only
when its file is already in the Keras cache; nothing is downloaded.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
from pathlib import Path

import numpy as np

from dlkit import grader_secret

SPLIT_SEED = 0
SERIES_SEED = 12
CORPUS_SEED = 7
NAMES = ("digits", "mnist28", "diabetes", "corpus", "seasonal")
# Sign-language MNIST labels: 24 static letters, 0-24 without 9 (J needs motion).
SIGN_LABELS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 10)


def _split(n: int, held_fraction: float) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(SPLIT_SEED).permutation(n)
    cut = n - int(round(n * held_fraction))
    return np.sort(order[:cut]), np.sort(order[cut:])


def _bundled(load):
    """scikit-learn's ``load()``; in a graded worker, whose sandbox hides the
    data files, a message saying why they are missing."""
    try:
        return load()
    except FileNotFoundError as exc:
        if not grader_secret.in_worker():
            raise
        raise FileNotFoundError(
            "dataset files cannot be read while your code is graded: your functions get "
            "their data as arguments, so load datasets only outside them (in a notebook, "
            "or under `if __name__ == \"__main__\":`)") from exc


@functools.cache
def _digits():
    from sklearn.datasets import load_digits

    bunch = _bundled(load_digits)
    return bunch.images.astype(np.uint8), bunch.target.astype(np.int64)


@functools.cache
def _mnist28():
    from scipy.ndimage import zoom

    images, labels = _digits()
    big = zoom(images.astype(np.float32), (1, 3.5, 3.5), order=1)
    return np.clip(np.rint(big * (255.0 / 16.0)), 0, 255).astype(np.uint8), labels


@functools.cache
def _diabetes():
    from sklearn.datasets import load_diabetes

    bunch = _bundled(lambda: load_diabetes(scaled=False))
    return bunch.data.astype(np.float32), bunch.target.astype(np.float32)


# -- the text corpus ------------------------------------------------------

SUBJECTS = ["the cat", "the dog", "a bird", "my friend", "the teacher", "a child", "the farmer"]
VERBS = ["sees", "likes", "finds", "watches", "follows", "feeds"]
OBJECTS = ["the ball", "a fish", "the garden", "an apple", "the river", "a small house"]
PLACES = ["in the morning", "at night", "near the lake", "after school", "every day"]


def _sentences(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        words = [SUBJECTS[rng.integers(len(SUBJECTS))], VERBS[rng.integers(len(VERBS))],
                 OBJECTS[rng.integers(len(OBJECTS))]]
        if rng.random() < 0.6:
            words.append(PLACES[rng.integers(len(PLACES))])
        out.append(" ".join(words))
    return out


# -- the seasonal series --------------------------------------------------

def _series(start: int, length: int, noise_seed: int) -> np.ndarray:
    """Steps ``start .. start + length`` of the series, with noise drawn from ``noise_seed``."""
    t = np.arange(start, start + length, dtype=np.float64)
    noise = np.random.default_rng(noise_seed).normal(0.0, 0.3, length)
    return (10.0 + 0.01 * t + 3.0 * np.sin(2 * np.pi * t / 12) + noise).astype(np.float32)


def _held_out_seed(secret: str, name: str) -> int:
    """The seed of a generated held-out set: the grader secret's, so that the
    kit's public code cannot recompute the set without the secret."""
    digest = hashlib.sha256(f"{secret}\0held-out {name}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


# -- public API -----------------------------------------------------------

def load(name: str):
    """The train split of a dataset: ``(x, y)``, or the text / the series."""
    return _get(name, train=True)


def held_out(name: str):
    """The held-out split, for graders: never pass it to student code.
    Refused where student code runs (:mod:`dlkit.grader_secret`); the
    generated sets (``corpus``, ``seasonal``) are drawn from the secret."""
    secret = grader_secret.grader_secret(f"dlkit.datasets.held_out({name!r})")
    return _get(name, train=False, secret=secret)


def _get(name: str, train: bool, secret: str = ""):
    if name in ("digits", "mnist28", "diabetes"):
        x, y = {"digits": _digits, "mnist28": _mnist28, "diabetes": _diabetes}[name]()
        train_idx, held_idx = _split(len(x), 0.2 if name == "diabetes" else 0.25)
        idx = train_idx if train else held_idx
        return x[idx].copy(), y[idx].copy()
    if name == "corpus":
        lines = (_sentences(2000, CORPUS_SEED) if train
                 else _sentences(300, _held_out_seed(secret, name)))
        return "\n".join(lines) + "\n"
    if name == "seasonal":
        # The held-out part continues the series with noise of its own.
        return _series(0, 480, SERIES_SEED) if train else _series(480, 120, _held_out_seed(secret, name))
    raise KeyError(f"unknown dataset {name!r}; known: {', '.join(NAMES)}")


def data_folders() -> list[Path]:
    """The folders that hold dataset files (scikit-learn's bundled data, the
    kit's ``datasets/``, the Keras cache's datasets, :func:`data_dir`), for a
    sandboxed worker to see empty: student code gets only the arrays it is
    handed.  Found without importing scikit-learn; some may not exist."""
    import importlib.util

    from dlkit import paths

    folders = [paths.ROOT / "datasets",
               Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets",
               Path(os.environ.get("DLKIT_DATA_DIR", Path.home() / ".cache" / "dlkit"))]
    spec = importlib.util.find_spec("sklearn")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folders += [Path(location) / "datasets" / "data", Path(location) / "datasets" / "descr"]
    return folders


def data_dir() -> Path:
    path = Path(os.environ.get("DLKIT_DATA_DIR", Path.home() / ".cache" / "dlkit"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def signs_csv(path: str | os.PathLike | None = None) -> Path:
    """Write (once) and return a sign-language-style CSV of the ``mnist28``
    train split: ``label,pixel1,...,pixel784`` with letter labels."""
    target = Path(path) if path else data_dir() / "signs_train.csv"
    if not target.exists():
        images, labels = load("mnist28")
        tmp = target.with_suffix(".tmp")
        with open(tmp, "w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["label"] + [f"pixel{i}" for i in range(1, 785)])
            for image, label in zip(images, labels):
                writer.writerow([SIGN_LABELS[label], *image.reshape(-1).tolist()])
        tmp.replace(target)
    return target


KERAS_FILES = {
    "mnist": "mnist.npz",
    "fashion_mnist": "fashion-mnist",
    "cifar10": "cifar-10-batches-py",
    "boston_housing": "boston_housing.npz",
    "imdb": "imdb.npz",
}


def keras_dataset(name: str):
    """``keras.datasets.<name>.load_data()`` if its file is already in the
    Keras cache (``$KERAS_HOME/datasets`` or ``~/.keras/datasets``); otherwise
    say where to put it instead of trying to download."""
    if name not in KERAS_FILES:
        raise KeyError(f"unknown keras dataset {name!r}; known: {', '.join(KERAS_FILES)}")
    cache = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"
    expected = cache / KERAS_FILES[name]
    if not expected.exists():
        raise FileNotFoundError(
            f"keras.datasets.{name} needs {expected}, and this machine cannot download it. "
            f"Copy the file (from a machine with internet, where "
            f"keras.datasets.{name}.load_data() fetched it into ~/.keras/datasets/) to {expected}, "
            f"or use dlkit.datasets.load('mnist28' / 'digits' / 'diabetes') instead.")
    import keras

    return getattr(keras.datasets, name).load_data()
