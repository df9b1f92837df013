"""Implements ``same`` as ``(k - 1) // 2`` zeros on each side followed by the valid
formula: right for odd kernels with stride 1 only."""
EXPECT_TEST = "test_conv_output_length_same_is_ceil_n_over_stride"
EXPECT_MESSAGE = "(k - 1) // 2 zeros on each side"


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    k_eff = (kernel_size - 1) * dilation + 1
    if padding == "same":
        padding = (k_eff - 1) // 2
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - k_eff) // stride + 1
