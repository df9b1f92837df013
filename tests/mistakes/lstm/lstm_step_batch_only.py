"""lstm_step slices the gates as z[:, ...]: it works for batches only, not for a
single vector (input_dim,)."""
import numpy as np

EXPECT_TEST = "test_lstm_step_single_vector"
EXPECT_MESSAGE = "single vector"


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    units = recurrent_kernel.shape[0]
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    i, f = sig(z[:, :units]), sig(z[:, units:2 * units])
    g, o = np.tanh(z[:, 2 * units:3 * units]), sig(z[:, 3 * units:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c
