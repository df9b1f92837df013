"""Ignores ``training``: drops (and scales) at inference too."""
import numpy as np

EXPECT_TEST = "test_dropout_identity_at_inference"
EXPECT_MESSAGE = "dropped at inference"


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    rng = np.random.default_rng(rng)
    keep = rng.random(x.shape) >= rate
    return np.where(keep, x / (1 - rate), 0).astype(x.dtype)
