# expect: {"topic": "output_size", "base": "reference", "needs": "sandbox", "message": "Network is unreachable", "score": "partial"}
"""Tries to send its answers out (or fetch someone else's) over the network."""
import socket


def same_padding(n, kernel_size, stride=1, dilation=1):
    with socket.create_connection(("1.1.1.1", 53), timeout=5):
        pass
    return (0, 0)
