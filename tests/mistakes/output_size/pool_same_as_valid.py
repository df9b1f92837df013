"""Ignores ``padding`` in pooling: always uses the valid formula."""
EXPECT_TEST = "test_pool_output_length_explicit_stride"
EXPECT_MESSAGE = "computed like 'valid'"


def pool_output_length(n, pool_size, stride=None, padding="valid"):
    stride = pool_size if stride is None else stride
    return max((n - pool_size) // stride + 1, 0)
