"""add_noise adds the noise to x itself (x += ..., np.clip(..., out=x)):
the caller's clean images are gone."""
import numpy as np

EXPECT_TEST = "test_add_noise_values"
EXPECT_MESSAGE = "modified in place"


def add_noise(x, std, seed):
    rng = np.random.default_rng(seed)
    x += rng.normal(0.0, std, size=x.shape).astype(x.dtype)
    np.clip(x, 0.0, 1.0, out=x)
    return x
