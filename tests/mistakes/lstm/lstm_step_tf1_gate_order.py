"""lstm_step splits the gates in TensorFlow 1's LSTMCell order i, c (j), f, o."""
import numpy as np

EXPECT_TEST = "test_lstm_step_matches_keras"
EXPECT_MESSAGE = "TensorFlow 1"


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    i, g, f, o = np.split(z, 4, axis=-1)
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    c = sig(f) * c_prev + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c), c
