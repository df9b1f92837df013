"""SimpleRNN counted like a Dense layer: the recurrent kernel is forgotten."""
EXPECT_TEST = "test_simple_rnn_params_matches_keras_kernel_recurrent_kernel_bias"
EXPECT_MESSAGE = "recurrent kernel forgotten"


def simple_rnn_params(input_dim, units):
    return input_dim * units + units
