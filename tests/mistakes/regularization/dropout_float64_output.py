"""Returns float64 for a float32 input (a float64 mask and no cast back)."""
import numpy as np

EXPECT_TEST = "test_dropout_shape_dtype_and_seed"
EXPECT_MESSAGE = "dtype"


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x, dtype=np.float64)
    if not training:
        return x
    rng = np.random.default_rng(rng)
    mask = (rng.random(x.shape) >= rate).astype(np.float64)
    return x * mask / (1 - rate)
