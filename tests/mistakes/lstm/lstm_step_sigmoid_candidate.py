"""lstm_step applies the sigmoid to all four blocks, the cell candidate included."""
import numpy as np

EXPECT_TEST = "test_lstm_step_matches_keras"
EXPECT_MESSAGE = "sigmoid on the cell candidate"


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = 1 / (1 + np.exp(-(x_t @ kernel + h_prev @ recurrent_kernel + bias)))
    i, f, g, o = np.split(z, 4, axis=-1)
    c = f * c_prev + i * g
    return o * np.tanh(c), c
