"""encode takes the first word as the target and the rest as the context."""
import numpy as np

EXPECT_TEST = "test_encode"
EXPECT_MESSAGE = "first word taken as the target"


def encode(lines, vectorizer):
    ids = np.asarray(vectorizer(list(lines)))
    return ids[:, 1:], ids[:, 0]
