"""Non-inverted dropout in training: the kept values are not divided by (1 -
rate), so the expected output shrinks to (1 - rate) * x."""
import numpy as np

EXPECT_TEST = "test_dropout_kept_elements_scaled"
EXPECT_MESSAGE = "not scaled"


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    if not training:
        return x.copy()
    rng = np.random.default_rng(rng)
    mask = rng.random(x.shape) >= rate
    return (x * mask).astype(x.dtype)
