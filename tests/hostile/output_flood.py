# expect: {"topic": "output_size", "base": "reference", "score": "full"}
"""Prints 100 MB while importing and more on every call; answers are right."""
import sys

for _ in range(100):
    sys.stdout.write("spam " * 200_000 + "\n")
    sys.stderr.write("warning " * 125_000 + "\n")

_reference_conv_output_length = conv_output_length  # noqa: F821 (defined by the reference above)


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    sys.stderr.write("debug " * 10_000 + "\n")
    return _reference_conv_output_length(n, kernel_size, stride, padding, dilation)
