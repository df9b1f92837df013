"""Ignores ``rng`` and draws the mask from NumPy's global random state: the same
seed does not give the same mask."""
import numpy as np

EXPECT_TEST = "test_dropout_shape_dtype_and_seed"
EXPECT_MESSAGE = "same seed"


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    if not training:
        return x.copy()
    keep = np.random.binomial(1, 1 - rate, size=x.shape)
    return (x * keep / (1 - rate)).astype(x.dtype)
