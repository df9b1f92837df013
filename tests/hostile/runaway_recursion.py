# expect: {"topic": "output_size", "base": "reference", "message": "RecursionError", "score": "partial"}
"""Recurses without a base case."""


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    return conv_output_length(n, kernel_size, stride, padding, dilation)
