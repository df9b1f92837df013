"""reconstruction_errors sums each sample's squared errors instead of averaging them."""
import numpy as np

EXPECT_TEST = "test_reconstruction_errors"
EXPECT_MESSAGE = "summed the squared errors"


def reconstruction_errors(autoencoder, x):
    squared = (x - autoencoder.predict(x, verbose=0)) ** 2
    return squared.reshape(len(x), -1).sum(axis=1)
