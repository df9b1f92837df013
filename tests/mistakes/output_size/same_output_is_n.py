"""Believes ``padding="same"`` always keeps the length ``n``, whatever the stride
(it is ``ceil(n / stride)``)."""
EXPECT_TEST = "test_conv_output_length_same_is_ceil_n_over_stride"
EXPECT_MESSAGE = "ceil(n / stride)"


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    if padding == "same":
        return n
    k_eff = (kernel_size - 1) * dilation + 1
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - k_eff) // stride + 1
