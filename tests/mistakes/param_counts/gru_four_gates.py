"""GRU counted with the LSTM formula (4 gates instead of 3)."""
EXPECT_TEST = "test_gru_params_matches_keras_reset_after_true_and_false"
EXPECT_MESSAGE = "4 gates"


def gru_params(input_dim, units, reset_after=True):
    return 4 * (input_dim * units + units * units + units)
