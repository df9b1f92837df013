"""sigmoid_grad as exp(-x) / (1 + exp(-x))**2: at x = -1000 this is inf / inf = NaN."""
import numpy as np

EXPECT_TEST = "test_sigmoid_grad_matches_gradient_tape"
EXPECT_MESSAGE = "numerically unstable"


def sigmoid_grad(x):
    e = np.exp(-np.asarray(x))
    return e / (1 + e) ** 2
