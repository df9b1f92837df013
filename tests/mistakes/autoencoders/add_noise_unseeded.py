"""add_noise ignores its seed and draws from np.random's global state."""
import numpy as np

EXPECT_TEST = "test_add_noise_statistics_and_seeding"
EXPECT_MESSAGE = "same seed gave different noise"


def add_noise(x, std, seed):
    return np.clip(x + np.random.normal(0.0, std, size=x.shape), 0.0, 1.0).astype(x.dtype)
