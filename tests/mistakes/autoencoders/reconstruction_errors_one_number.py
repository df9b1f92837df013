"""reconstruction_errors returns the mean error of the whole batch."""
import numpy as np

EXPECT_TEST = "test_reconstruction_errors"
EXPECT_MESSAGE = "one number for the whole batch"


def reconstruction_errors(autoencoder, x):
    return float(np.mean((x - autoencoder.predict(x, verbose=0)) ** 2))
