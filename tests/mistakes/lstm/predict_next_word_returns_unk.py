"""predict_next_word takes the plain argmax: it can answer '' (padding) or '[UNK]'."""
import numpy as np

EXPECT_TEST = "test_predict_next_word"
EXPECT_MESSAGE = "'[UNK]'"


def predict_next_word(model, vectorizer, context):
    context_len = model.input_shape[1]
    ids = np.asarray(vectorizer([context]))[0][-context_len:]
    padded = np.zeros((1, context_len), dtype=np.int64)
    padded[0, context_len - len(ids):] = ids
    probs = model.predict(padded, verbose=0)[0]
    return vectorizer.get_vocabulary()[int(np.argmax(probs))]
