"""build_vectorizer switches standardisation off: 'The' and 'the.' become separate words."""
import keras

EXPECT_TEST = "test_build_vectorizer_vocabulary"
EXPECT_MESSAGE = "standardize=None"


def build_vectorizer(lines):
    vectorizer = keras.layers.TextVectorization(standardize=None)
    vectorizer.adapt(lines)
    return vectorizer
