"""Puts the odd extra zero of ``same`` padding before (top/left), the way some
other frameworks describe it; Keras/TensorFlow put it after."""
EXPECT_TEST = "test_same_padding_matches_keras_split"
EXPECT_MESSAGE = "extra zero placed before"


def same_padding(n, kernel_size, stride=1, dilation=1):
    k_eff = (kernel_size - 1) * dilation + 1
    out = -(-n // stride)
    total = max((out - 1) * stride + k_eff - n, 0)
    after = total // 2
    return (total - after, after)
