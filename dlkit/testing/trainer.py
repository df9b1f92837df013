"""The kit's fixed training recipe, run in a trainer process of its own.

Where a grader trains a student's model "with your compiled optimizer and
loss", the training must not run where the student's code runs: there one
line at import (``dlkit.harness.fit = my_fit``) would replace the recipe.
So the grader hands the model the student built (the ``.keras`` bytes it
received, already screened by :func:`dlkit.testing.models.load_model`) to a
fresh, fenced worker that imported this module and nothing of the
student's; it loads the model with ``safe_mode=True`` (see
:data:`dlkit.sandbox.rich.SAFE_LOADING`), trains it and hands it back.  Its
Keras state is its own: no other topic or student shares it.
"""

from __future__ import annotations

import random

import numpy as np

# The worker that imports this module loads the models it is given with
# safe_mode=True (dlkit.sandbox.rich reads this when the module is loaded).
TRUSTED = True


def fit(model, x, y, *, seed: int, epochs: int, batch_size: int = 32, validation_data=None):
    """Train with a seeded ``tf.data`` pipeline, shuffled each epoch.
    Returns ``(model, history)``."""
    import keras
    import tensorflow as tf

    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)
    data = (tf.data.Dataset.from_tensor_slices((x, y))
            .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
            .batch(batch_size))
    history = model.fit(data, epochs=epochs, validation_data=validation_data, verbose=0)
    return model, history
