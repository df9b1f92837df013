"""The original (non-inverted) dropout: no scaling in training, multiply by (1 -
rate) at inference. Keras scales in training and does nothing at inference."""
import numpy as np

EXPECT_TEST = "test_dropout_identity_at_inference"
EXPECT_MESSAGE = "non-inverted"


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    if not training:
        return (x * (1 - rate)).astype(x.dtype)
    rng = np.random.default_rng(rng)
    return np.where(rng.random(x.shape) >= rate, x, 0).astype(x.dtype)
