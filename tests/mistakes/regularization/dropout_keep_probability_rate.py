"""Keeps each element with probability ``rate`` (rate read as the keep
probability, as the old TensorFlow ``keep_prob``), so it drops 1 - rate."""
import numpy as np

EXPECT_TEST = "test_dropout_zero_fraction_and_mean"
EXPECT_MESSAGE = "instead of 1 - rate"


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    if not training:
        return x.copy()
    rng = np.random.default_rng(rng)
    keep = rng.random(x.shape) < rate
    return np.where(keep, x / (1 - rate), 0).astype(x.dtype)
