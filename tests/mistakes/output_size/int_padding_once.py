"""Adds an integer padding once instead of on both sides (``n + p`` instead of
``n + 2 * p``)."""
EXPECT_TEST = "test_conv_output_length_int_padding_both_sides"
EXPECT_MESSAGE = "padding added once"


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    k_eff = (kernel_size - 1) * dilation + 1
    if padding == "same":
        return -(-n // stride)
    p = 0 if padding == "valid" else padding
    return (n + p - k_eff) // stride + 1
