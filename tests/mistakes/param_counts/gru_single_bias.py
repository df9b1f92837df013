"""GRU always counted with one bias vector: reset_after=True (the default)
has two."""
EXPECT_TEST = "test_gru_params_matches_keras_reset_after_true_and_false"
EXPECT_MESSAGE = "two bias vectors"


def gru_params(input_dim, units, reset_after=True):
    return 3 * (input_dim * units + units * units + units)
