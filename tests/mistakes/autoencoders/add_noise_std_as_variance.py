"""add_noise treats std as the variance: its noise has standard deviation sqrt(std)."""
import numpy as np

EXPECT_TEST = "test_add_noise_values"
EXPECT_MESSAGE = "std used as the variance"


def add_noise(x, std, seed):
    rng = np.random.default_rng(seed)
    return np.clip(x + rng.normal(0.0, np.sqrt(std), size=x.shape), 0.0, 1.0).astype(x.dtype)
