"""Dense bias forgotten: only the kernel input_dim * units is counted."""
EXPECT_TEST = "test_dense_params_matches_keras_with_and_without_bias"
EXPECT_MESSAGE = "bias forgotten"


def dense_params(input_dim, units, use_bias=True):
    return input_dim * units
