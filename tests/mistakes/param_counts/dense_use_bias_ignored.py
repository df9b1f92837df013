"""use_bias=False ignored: the Dense bias is always counted."""
EXPECT_TEST = "test_dense_params_matches_keras_with_and_without_bias"
EXPECT_MESSAGE = "use_bias=False ignored"


def dense_params(input_dim, units, use_bias=True):
    return (input_dim + 1) * units
