# expect: {"topic": "output_size", "base": "reference", "message": "got True, expected the int", "score": "partial"}
"""Returns booleans (an int subclass) where ints are expected."""


def pool_output_length(n, pool_size, stride=None, padding="valid"):
    return True
