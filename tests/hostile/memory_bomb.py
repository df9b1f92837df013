# expect: {"topic": "output_size", "base": "reference", "memory_limit": 512, "message": "memory limit of 512 MB", "score": "partial"}
"""One function allocates far more memory than allowed."""


def same_padding(n, kernel_size, stride=1, dilation=1):
    hog = []
    while True:
        hog.append(b"x" * (100 << 20))  # written, so resident
