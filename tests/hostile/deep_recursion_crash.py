# expect: {"topic": "output_size", "base": "reference", "message": "SIGSEGV", "score": "partial"}
"""Lifts the recursion limit and recurses until the C stack overflows."""
import sys

sys.setrecursionlimit(10**8)
try:
    import resource

    resource.setrlimit(resource.RLIMIT_STACK, (8 << 20, 8 << 20))  # a normal-sized stack
except (ImportError, ValueError, OSError):
    pass


def same_padding(n, kernel_size, stride=1, dilation=1):
    def down(k):  # through map(), a C call: every level uses C stack too
        return list(map(down, [k + 1]))
    return down(0)
