"""Uses the stride-1 rule ``total = k_eff - 1`` for ``same`` padding whatever the
stride and the input length."""
EXPECT_TEST = "test_same_padding_matches_keras_split"
EXPECT_MESSAGE = "total taken as k_eff - 1"


def same_padding(n, kernel_size, stride=1, dilation=1):
    total = (kernel_size - 1) * dilation
    return (total // 2, total - total // 2)
