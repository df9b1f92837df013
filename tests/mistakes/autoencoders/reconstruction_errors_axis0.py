"""reconstruction_errors averages over axis 0: one error per feature, not per sample."""
import numpy as np

EXPECT_TEST = "test_reconstruction_errors"
EXPECT_MESSAGE = "averaged over axis 0"


def reconstruction_errors(autoencoder, x):
    return np.mean((x - autoencoder.predict(x, verbose=0)) ** 2, axis=0)
