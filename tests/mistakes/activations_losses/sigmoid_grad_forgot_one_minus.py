"""sigmoid_grad returns sigmoid(x): the factor (1 - sigmoid(x)) is forgotten."""
import numpy as np

EXPECT_TEST = "test_sigmoid_grad_matches_gradient_tape"
EXPECT_MESSAGE = "forgot the factor (1 - sigmoid(x))"


def sigmoid_grad(x):
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))
