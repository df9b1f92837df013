"""encode adapts a fresh TextVectorization on the lines instead of using the one given."""
import keras
import numpy as np

EXPECT_TEST = "test_encode"
EXPECT_MESSAGE = "new vectorizer was adapted"


def encode(lines, vectorizer):
    own = keras.layers.TextVectorization()
    own.adapt(list(lines))
    ids = np.asarray(own(list(lines)))
    return ids[:, :-1], ids[:, -1]
