"""Scales by 1 / (1 - rate) whatever ``training`` says: at inference the output
is x / (1 - rate) instead of x."""
import numpy as np

EXPECT_TEST = "test_dropout_identity_at_inference"
EXPECT_MESSAGE = "scaled at inference"


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    scaled = x / (1 - rate)
    if not training:
        return scaled.astype(x.dtype)
    rng = np.random.default_rng(rng)
    return np.where(rng.random(x.shape) >= rate, scaled, 0).astype(x.dtype)
