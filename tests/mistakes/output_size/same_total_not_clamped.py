"""Forgets to clamp the ``same`` padding total at zero: a stride larger than the
kernel gives a negative padding."""
EXPECT_TEST = "test_same_padding_matches_keras_split"
EXPECT_MESSAGE = "not clamped at 0"


def same_padding(n, kernel_size, stride=1, dilation=1):
    k_eff = (kernel_size - 1) * dilation + 1
    out = -(-n // stride)
    total = (out - 1) * stride + k_eff - n
    return (total // 2, total - total // 2)
