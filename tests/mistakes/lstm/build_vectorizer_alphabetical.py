"""build_vectorizer builds the vocabulary by hand with sorted(set(words)): alphabetical,
not by frequency."""
import re

import keras

EXPECT_TEST = "test_build_vectorizer_vocabulary"
EXPECT_MESSAGE = "alphabetical"


def build_vectorizer(lines):
    words = set()
    for line in lines:
        words.update(re.sub(r"[^\w\s]", "", line.lower()).split())
    vectorizer = keras.layers.TextVectorization()
    vectorizer.set_vocabulary(sorted(words))
    return vectorizer
