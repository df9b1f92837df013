"""tanh_grad computed as 1 - x**2: tanh was never applied to x."""
import numpy as np

EXPECT_TEST = "test_tanh_grad_matches_gradient_tape"
EXPECT_MESSAGE = "apply tanh first"


def tanh_grad(x):
    x = np.asarray(x)
    return 1 - x ** 2
