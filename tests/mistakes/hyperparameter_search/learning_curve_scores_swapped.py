"""learning_curve returns (test_scores, train_scores)."""
import numpy as np

EXPECT_TEST = "test_learning_curve_scores"
EXPECT_MESSAGE = "swapped"


def learning_curve(build_fn, x_train, y_train, x_test, y_test, train_sizes):
    initial = build_fn().get_weights()
    train_scores, test_scores = [], []
    for n in train_sizes:
        model = build_fn()
        model.set_weights(initial)
        model.fit(x_train[:n], y_train[:n], epochs=5, batch_size=32, verbose=0)
        train_scores.append(model.evaluate(x_train[:n], y_train[:n], verbose=0)[1])
        test_scores.append(model.evaluate(x_test, y_test, verbose=0)[1])
    return np.array(test_scores), np.array(train_scores)
