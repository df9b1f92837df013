"""Forgets dilation: uses the kernel size where the effective kernel
``(k - 1) * dilation + 1`` belongs."""
EXPECT_TEST = "test_conv_output_length_valid_matches_keras"
EXPECT_MESSAGE = "dilation ignored"


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    if padding == "same":
        return -(-n // stride)
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - kernel_size) // stride + 1
