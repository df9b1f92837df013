"""GRU always counted with two bias vectors: reset_after=False has one."""
EXPECT_TEST = "test_gru_params_matches_keras_reset_after_true_and_false"
EXPECT_MESSAGE = "reset_after=False has one bias vector"


def gru_params(input_dim, units, reset_after=True):
    return 3 * (input_dim * units + units * units) + 2 * 3 * units
