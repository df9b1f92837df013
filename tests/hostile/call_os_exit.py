# expect: {"topic": "output_size", "base": "reference", "message": "exited with status 3", "score": "partial"}
"""One function kills the worker; the other functions are right."""


def same_padding(n, kernel_size, stride=1, dilation=1):
    import os

    os._exit(3)
