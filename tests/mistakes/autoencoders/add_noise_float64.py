"""add_noise returns float64 (x + float64 noise) for float32 images."""
import numpy as np

EXPECT_TEST = "test_add_noise_values"
EXPECT_MESSAGE = "dtype changed"


def add_noise(x, std, seed):
    rng = np.random.default_rng(seed)
    return np.clip(x + rng.normal(0.0, std, size=x.shape), 0.0, 1.0)
