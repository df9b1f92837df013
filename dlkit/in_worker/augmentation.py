"""Worker-side code for 08 augmentation.

Two things the grader cannot judge from what crosses back on its own:

* :func:`augmenter_outputs`: whether ``build_augmenter``'s seed makes it
  reproducible. A random layer's generator state is not saved in a
  ``.keras`` file, and a student may seed in ways a config does not show, so
  the builds and their training-mode calls run here, one after the other
  without re-seeding in between (two builds that ignore the seed then draw
  different numbers), and only the output arrays go back.
* :func:`dataset_runs`: a ``tf.data.Dataset`` cannot cross at all. Each run
  calls ``augmented_batches`` and iterates the dataset for some epochs here;
  the batches come back as arrays, with the dataset's ``element_spec``.

A ``NotImplementedError`` (a stub) and any other error propagate, so the
grader reports them like any other call. The first argument after the
module is never an array: ``StudentModule.harness`` compares it with the
label.
"""

from __future__ import annotations

import numpy as np

from dlkit.harness import seed_everything


def augmenter_outputs(module, builds: list[dict], x, *, global_seed: int) -> list[np.ndarray]:
    """``build_augmenter(**kwargs)(x, training=True)`` for each kwargs of
    ``builds``, in order, after seeding every generator once with ``global_seed``."""
    seed_everything(global_seed)
    outputs = []
    for kwargs in builds:
        augmenter = module.build_augmenter(**kwargs)
        outputs.append(np.asarray(augmenter(x, training=True)))
    return outputs


def _as_array(value):
    return np.asarray(value.numpy() if hasattr(value, "numpy") else value)


def _one_run(module, x, y, batch_size: int, seed: int, epochs: int, max_batches: int) -> dict:
    import tensorflow as tf

    dataset = module.augmented_batches(x, y, batch_size, seed)
    if not isinstance(dataset, tf.data.Dataset):
        return {"problem": f"returned {type(dataset).__module__}.{type(dataset).__qualname__}, "
                           "expected a tf.data.Dataset"}
    passes = []
    for _ in range(epochs):
        batches = []
        for element in dataset:
            if len(batches) == max_batches:
                return {"problem": f"one pass over the dataset gave more than {max_batches} batches "
                                   f"for {len(x)} examples in batches of {batch_size}: is it "
                                   "repeated (.repeat()) or not batched?"}
            if not isinstance(element, (tuple, list)) or len(element) != 2:
                size = f" of {len(element)} items" if isinstance(element, (tuple, list)) else ""
                return {"problem": f"its elements are {type(element).__name__}{size}, expected "
                                   "(images, labels) pairs"}
            batches.append((_as_array(element[0]), _as_array(element[1])))
        passes.append(batches)
    return {"problem": None, "element_spec": str(dataset.element_spec), "epochs": passes}


def dataset_runs(module, runs: list[tuple[int, int]], x, y, batch_size: int, *, global_seed: int,
                 max_batches: int) -> list[dict]:
    """For each ``(seed, epochs)`` of ``runs``, in order: ``augmented_batches(x, y,
    batch_size, seed)`` iterated ``epochs`` times, as ``{"problem": None,
    "element_spec": str, "epochs": [[(images, labels), ...] per epoch]}`` or
    ``{"problem": why}``. Every generator is seeded once, with ``global_seed``,
    before the first run."""
    seed_everything(global_seed)
    return [_one_run(module, x, y, batch_size, seed, epochs, max_batches) for seed, epochs in runs]
