"""add_noise draws uniform noise in [-std, std] instead of Gaussian noise."""
import numpy as np

EXPECT_TEST = "test_add_noise_statistics_and_seeding"
EXPECT_MESSAGE = "uniform noise"


def add_noise(x, std, seed):
    rng = np.random.default_rng(seed)
    return np.clip(x + rng.uniform(-std, std, size=x.shape), 0.0, 1.0).astype(x.dtype)
