"""learning_curve builds a new model per size but keeps the weights build_fn
drew for it: every size starts from other random weights."""
import numpy as np

EXPECT_TEST = "test_learning_curve_same_start_and_sizes"
EXPECT_MESSAGE = "new random weights"


def learning_curve(build_fn, x_train, y_train, x_test, y_test, train_sizes):
    train_scores, test_scores = [], []
    for n in train_sizes:
        model = build_fn()
        model.fit(x_train[:n], y_train[:n], epochs=5, batch_size=32, verbose=0)
        train_scores.append(model.evaluate(x_train[:n], y_train[:n], verbose=0)[1])
        test_scores.append(model.evaluate(x_test, y_test, verbose=0)[1])
    return np.array(train_scores), np.array(test_scores)
