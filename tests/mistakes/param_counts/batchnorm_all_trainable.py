"""BatchNormalization counted as (4C, 0): the moving mean and variance
taken for trainable weights."""
EXPECT_TEST = "test_batchnorm_params_trainable_gamma_beta_non_trainable_moving_stats"
EXPECT_MESSAGE = "(4C, 0)"


def batchnorm_params(channels):
    return 4 * channels, 0
