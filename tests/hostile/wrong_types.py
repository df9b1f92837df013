# expect: {"topic": "output_size", "base": "reference", "message": "expected the int", "score": "partial"}
"""Returns a string and arrays where ints are expected."""
import numpy as np


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    return str(n)


def pool_output_length(n, pool_size, stride=None, padding="valid"):
    return np.array([n])
