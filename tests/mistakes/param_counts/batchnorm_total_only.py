"""BatchNormalization: returns the total 4C instead of a pair."""
EXPECT_TEST = "test_batchnorm_params_trainable_gamma_beta_non_trainable_moving_stats"
EXPECT_MESSAGE = "instead of a (trainable, non_trainable) pair"


def batchnorm_params(channels):
    return 4 * channels
