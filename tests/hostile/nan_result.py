# expect: {"topic": "output_size", "base": "reference", "message": "nan", "score": "partial"}
"""Returns NaN instead of a length."""


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    return float("nan")
