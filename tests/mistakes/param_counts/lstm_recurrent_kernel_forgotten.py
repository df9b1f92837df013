"""LSTM gates counted without their recurrent kernels."""
EXPECT_TEST = "test_lstm_params_matches_keras_four_gates"
EXPECT_MESSAGE = "recurrent kernel forgotten"


def lstm_params(input_dim, units):
    return 4 * (input_dim * units + units)
