"""lstm_step adds to the old cell state without the forget gate: c = c_prev + i * g."""
import numpy as np

EXPECT_TEST = "test_lstm_step_matches_keras"
EXPECT_MESSAGE = "forget gate"


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    c = c_prev + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c), c
