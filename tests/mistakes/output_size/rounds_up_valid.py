"""Rounds the number of stride steps up (math.ceil), counting a last window
that would run past the end of the input."""
import math

EXPECT_TEST = "test_conv_output_length_valid_matches_keras"
EXPECT_MESSAGE = "rounded up"


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    k_eff = (kernel_size - 1) * dilation + 1
    if padding == "same":
        return math.ceil(n / stride)
    p = 0 if padding == "valid" else padding
    return math.ceil((n + 2 * p - k_eff) / stride) + 1
