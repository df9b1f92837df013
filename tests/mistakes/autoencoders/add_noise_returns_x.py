"""add_noise returns a copy of x without noise: the "denoising" autoencoder
is trained on clean inputs, exactly like the plain one."""
import numpy as np

EXPECT_TEST = "test_denoising_autoencoder_removes_noise"
EXPECT_MESSAGE = "without noise"


def add_noise(x, std, seed):
    return np.array(x, copy=True)
