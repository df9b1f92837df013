"""make_windows returns x of shape (N, window), without the feature axis."""
import numpy as np

EXPECT_TEST = "test_make_windows"
EXPECT_MESSAGE = "no channel axis"


def make_windows(series, window):
    values = np.asarray(series, dtype=np.float32)
    n = max(len(values) - window, 0)
    x = np.array([values[i:i + window] for i in range(n)], dtype=np.float32).reshape(n, window)
    return x, values[window:].copy()
