"""Pooling stride defaults to 1 (as for a convolution) instead of to the pool
size."""
# ruff: noqa: F821  (the reference solution this file is appended to defines the rest)
EXPECT_TEST = "test_pool_output_length_default_stride_is_pool_size"
EXPECT_MESSAGE = "stride defaulted to 1"


def pool_output_length(n, pool_size, stride=None, padding="valid"):
    if stride is None:
        stride = 1
    return conv_output_length(n, pool_size, stride=stride, padding=padding)
