"""add_noise seeds NumPy's global generator (np.random.seed) and draws with
np.random.normal instead of np.random.default_rng(seed)."""
import numpy as np

EXPECT_TEST = "test_add_noise_values"
EXPECT_MESSAGE = "global np.random"


def add_noise(x, std, seed):
    np.random.seed(seed)
    return np.clip(x + np.random.normal(0.0, std, size=x.shape), 0.0, 1.0).astype(x.dtype)
