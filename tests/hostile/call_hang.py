# expect: {"topic": "output_size", "base": "reference", "message": "did not finish", "score": "partial"}
"""One function never returns; the other functions are right."""


def same_padding(n, kernel_size, stride=1, dilation=1):
    while True:
        pass
