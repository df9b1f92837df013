"""make_windows takes the window's own last value as the target."""
import numpy as np

EXPECT_TEST = "test_make_windows"
EXPECT_MESSAGE = "window's own last value"


def make_windows(series, window):
    values = np.asarray(series, dtype=np.float32)
    n = max(len(values) - window, 0)
    x = np.zeros((n, window, 1), dtype=np.float32)
    y = np.zeros(n, dtype=np.float32)
    for i in range(n):
        x[i, :, 0] = values[i:i + window]
        y[i] = values[i + window - 1]
    return x, y
