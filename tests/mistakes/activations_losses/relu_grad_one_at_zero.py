"""relu_grad uses x >= 0, so the gradient at exactly 0 is 1; TensorFlow gives 0."""
import numpy as np

EXPECT_TEST = "test_relu_grad_matches_gradient_tape_including_zero"
EXPECT_MESSAGE = "gradient 1 at x == 0"


def relu_grad(x):
    x = np.asarray(x)
    return (x >= 0).astype(np.float64)
