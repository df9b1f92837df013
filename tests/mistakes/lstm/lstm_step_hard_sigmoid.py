"""lstm_step uses Keras 2's old recurrent_activation, hard_sigmoid = clip(0.2 x + 0.5, 0, 1)."""
import numpy as np

EXPECT_TEST = "test_lstm_step_matches_keras"
EXPECT_MESSAGE = "hard_sigmoid"


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    hard = lambda v: np.clip(0.2 * v + 0.5, 0, 1)  # noqa: E731
    c = hard(f) * c_prev + hard(i) * np.tanh(g)
    return hard(o) * np.tanh(c), c
