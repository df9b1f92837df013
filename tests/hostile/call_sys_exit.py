# expect: {"topic": "output_size", "base": "reference", "message": "sys.exit(1)", "score": "partial"}
"""One function exits instead of returning."""


def same_padding(n, kernel_size, stride=1, dilation=1):
    raise SystemExit(1)
