"""LSTM counted with 3 gates (mixed up with the GRU)."""
EXPECT_TEST = "test_lstm_params_matches_keras_four_gates"
EXPECT_MESSAGE = "3 gates"


def lstm_params(input_dim, units):
    return 3 * (input_dim * units + units * units + units)
