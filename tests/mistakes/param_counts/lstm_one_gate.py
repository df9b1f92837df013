"""LSTM counted with a single gate (like a SimpleRNN)."""
EXPECT_TEST = "test_lstm_params_matches_keras_four_gates"
EXPECT_MESSAGE = "1 gate"


def lstm_params(input_dim, units):
    return input_dim * units + units * units + units
