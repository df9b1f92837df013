# expect: {"topic": "output_size", "base": "reference", "message": "SIGSEGV", "score": "partial"}
"""One function crashes the interpreter; the other functions are right."""


def same_padding(n, kernel_size, stride=1, dilation=1):
    import ctypes

    ctypes.string_at(0)
