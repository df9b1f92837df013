"""Uses true division ``/`` in the length formula, so lengths come back as floats
(and are fractional when the stride does not divide evenly)."""
EXPECT_TEST = "test_conv_output_length_valid_matches_keras"
EXPECT_MESSAGE = "integer division"


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    k_eff = (kernel_size - 1) * dilation + 1
    if padding == "same":
        return n / stride
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - k_eff) / stride + 1
