"""Kit code that graders run inside the student's worker.

Called as ``student.harness("dlkit.harness:call_and_return", "train_cnn",
model, x, y, seed=0, label="train_cnn")``: the worker passes the student's
module first.  Whatever these functions return is converted to plain data
like any other result, so a trained model comes back as a ``.keras`` file.
"""

from __future__ import annotations

import random
import sys

import numpy as np


def seed_everything(seed: int) -> None:
    """Python, NumPy and (if the student uses it) Keras/TensorFlow seeds."""
    random.seed(seed)
    np.random.seed(seed)
    keras = sys.modules.get("keras")
    if keras is not None:
        keras.utils.set_random_seed(seed)


def call_and_return(module, function: str, *args, seed: int | None = None, **kwargs):
    """Call ``module.function(*args, **kwargs)`` and return ``(result, args)``:
    functions that train a model in place (``train_cnn(model, x, y)``) hand
    back the trained model this way."""
    if seed is not None:
        seed_everything(seed)
    result = getattr(module, function)(*args, **kwargs)
    return result, args


def call_seeded(module, function: str, *args, seed: int = 0, **kwargs):
    """Call ``module.function`` after seeding every generator."""
    seed_everything(seed)
    return getattr(module, function)(*args, **kwargs)


def fit(module, model, x, y, *, seed: int, epochs: int, batch_size: int = 32,
        validation_data=None):
    """Train a (student-built) model with the kit's own fixed recipe, here in
    the worker: a seeded ``tf.data`` pipeline, shuffled each epoch.  Returns
    ``(model, history)``.  The student's code can replace this function:
    graders that judge a model by how it trains use the kit's trainer
    process instead (``student.train``, :mod:`dlkit.testing.trainer`); only
    the public checks (through :mod:`dlkit.in_worker`) still train here."""
    import tensorflow as tf

    seed_everything(seed)
    data = (tf.data.Dataset.from_tensor_slices((x, y))
            .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
            .batch(batch_size))
    history = model.fit(data, epochs=epochs, validation_data=validation_data, verbose=0)
    return model, history
