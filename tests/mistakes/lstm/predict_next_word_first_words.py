"""predict_next_word keeps the first context_len words of a longer context."""
import numpy as np

EXPECT_TEST = "test_predict_next_word"
EXPECT_MESSAGE = "FIRST context_len words"


def predict_next_word(model, vectorizer, context):
    context_len = model.input_shape[1]
    ids = np.asarray(vectorizer([context]))[0][:context_len]
    padded = np.zeros((1, context_len), dtype=np.int64)
    padded[0, context_len - len(ids):] = ids
    probs = np.array(model.predict(padded, verbose=0)[0], dtype=np.float64)
    probs[:2] = -np.inf
    return str(vectorizer.get_vocabulary()[int(np.argmax(probs))])
