"""BatchNormalization: all four vectors counted as trainable, and the moving
statistics again as non-trainable."""
EXPECT_TEST = "test_batchnorm_params_trainable_gamma_beta_non_trainable_moving_stats"
EXPECT_MESSAGE = "4C trainable"


def batchnorm_params(channels):
    return 4 * channels, 2 * channels
