"""add_noise adds the noise but does not clip: values below 0 and above 1."""
import numpy as np

EXPECT_TEST = "test_add_noise_values"
EXPECT_MESSAGE = "not clipped"


def add_noise(x, std, seed):
    rng = np.random.default_rng(seed)
    return (x + rng.normal(0.0, std, size=x.shape)).astype(x.dtype)
