"""Public self-checks for 08 augmentation: a digit shifted by one pixel each
way, an augmenter in training and at inference, and one small dataset.

Passing these does not mean the hidden graders pass: they also compare
shift_image with scipy.ndimage.shift on random images, shapes and dtypes,
read your augmenter's layer settings for other arguments, check that your
seed reproduces the augmentation, and follow every image of two epochs of
augmented_batches to its label.
"""

import warnings

import numpy as np

from dlkit.testing import StudentFailure, expect, models

# A small "1": the seeds' example of a digit shifted by one pixel.
ONE = np.array([[0, 0, 9, 0, 0],
                [0, 9, 9, 0, 0],
                [0, 0, 9, 0, 0],
                [0, 0, 9, 0, 0],
                [0, 9, 9, 9, 0]], dtype=np.uint8)


def test_shift_image_one_pixel_each_way(student):
    right = np.array([[0, 0, 0, 9, 0],
                      [0, 0, 9, 9, 0],
                      [0, 0, 0, 9, 0],
                      [0, 0, 0, 9, 0],
                      [0, 0, 9, 9, 9]], dtype=np.uint8)
    left = np.array([[0, 9, 0, 0, 0],
                     [9, 9, 0, 0, 0],
                     [0, 9, 0, 0, 0],
                     [0, 9, 0, 0, 0],
                     [9, 9, 9, 0, 0]], dtype=np.uint8)
    down = np.array([[0, 0, 0, 0, 0],
                     [0, 0, 9, 0, 0],
                     [0, 9, 9, 0, 0],
                     [0, 0, 9, 0, 0],
                     [0, 0, 9, 0, 0]], dtype=np.uint8)
    up = np.array([[0, 9, 9, 0, 0],
                   [0, 0, 9, 0, 0],
                   [0, 0, 9, 0, 0],
                   [0, 9, 9, 9, 0],
                   [0, 0, 0, 0, 0]], dtype=np.uint8)
    cases = {(1, 0): right, (-1, 0): left, (0, 1): down, (0, -1): up}
    for (dx, dy), want in cases.items():
        got = student.shift_image(ONE, dx, dy)
        expect.array(got, want, call=student.last_call, rtol=0, atol=0, mistakes={
            "np.roll wraps pixels around; zeros must come in instead": np.roll(ONE, (dy, dx), (0, 1)),
            "dx and dy swapped: dx moves columns (right), dy rows (down)": cases[(dy, dx)],
            "the opposite direction: positive dx moves right, positive dy down": cases[(-dx, -dy)],
        })
        if got.dtype != ONE.dtype:
            raise StudentFailure(f"called {student.last_call}\n  got dtype {got.dtype}, expected uint8")
    colour = np.stack([ONE, 2 * ONE], axis=-1)
    expect.array(student.shift_image(colour, 1, 0), np.stack([right, 2 * right], axis=-1),
                 call=student.last_call + " (an (H, W, C) image)", rtol=0, atol=0)
    expect.array(student.shift_image(ONE, 5, 0), np.zeros_like(ONE), call=student.last_call, rtol=0,
                 atol=0, what="all zeros (a shift as wide as the image)")


def load_augmenter(value, call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an unbuilt Sequential has no weights
        return models.load_model(value, call=call)


def test_build_augmenter_training_and_inference(student):
    model = load_augmenter(student.build_augmenter(seed=0), student.last_call)
    call = student.last_call
    x = np.zeros((6, 28, 28, 1), dtype=np.float32)
    x[:, 6:22, 11:17] = 1.0  # a bar on black
    x[:, 6:10, 8:20] = 0.5
    still = np.asarray(model(x, training=False))
    expect.array(still, x, call=call + ", then model(x, training=False)", rtol=0, atol=1e-6,
                 what="the images unchanged")
    moved = np.asarray(model(x, training=True))
    if moved.shape != x.shape or moved.dtype != np.float32:
        raise StudentFailure(f"called {call}, then model(x, training=True)\n  got {moved.dtype} "
                             f"shape {moved.shape}, expected float32 {x.shape}")
    changed = np.abs(moved - x).reshape(6, -1).max(axis=1) > 1e-3
    if changed.sum() < 5:
        raise StudentFailure(f"called {call}, then model(x, training=True)\n  only {changed.sum()} "
                             "of 6 images changed: training mode must augment them")
    if moved.min() < -1e-5 or moved.max() > 1 + 1e-5:
        raise StudentFailure(f"called {call}, then model(x, training=True)\n  values range over "
                             f"[{moved.min():.3g}, {moved.max():.3g}]; images in [0, 1] must stay there")
    kinds = [type(layer).__name__ for layer in model.layers]
    if sorted(kinds) != ["RandomRotation", "RandomTranslation", "RandomZoom"]:
        raise StudentFailure(f"called {call}\n  layers {kinds}, expected RandomRotation, "
                             "RandomTranslation and RandomZoom")


def test_augmented_batches_small_dataset(student):
    x = np.zeros((10, 12, 12, 1), dtype=np.float32)
    x[:, 3:9, 3:9] = np.linspace(0.1, 1.0, 10, dtype=np.float32)[:, None, None, None]
    y = np.arange(10)
    runs = student.harness("dlkit.in_worker.augmentation:dataset_runs", [(1, 2)], x, y, 4,
                           global_seed=0, max_batches=20, label="augmented_batches")
    call = "augmented_batches(x, y, 4, 1) with 10 images, iterated twice"
    run = runs[0]
    if run["problem"]:
        raise StudentFailure(f"called {call}\n  the result {run['problem']}")
    for epoch in run["epochs"]:
        sizes = [len(labels) for _, labels in epoch]
        if sizes != [4, 4, 2]:
            raise StudentFailure(f"called {call}\n  batch sizes {sizes}, expected [4, 4, 2] "
                                 "(keep the last, smaller batch)")
        labels = np.concatenate([labels for _, labels in epoch])
        if sorted(labels.tolist()) != list(range(10)):
            raise StudentFailure(f"called {call}\n  an epoch's labels are {labels.tolist()}, "
                                 "expected each of 0..9 once")
        for images, batch_labels in epoch:
            brightest = images.reshape(len(images), -1).max(axis=1)
            if not np.allclose(brightest, x[batch_labels].reshape(len(images), -1).max(axis=1), atol=1e-3):
                raise StudentFailure(f"called {call}\n  the labels do not stay with their images "
                                     "(or the images' values changed)")
