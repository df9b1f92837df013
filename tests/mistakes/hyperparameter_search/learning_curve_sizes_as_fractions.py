"""learning_curve reads train_sizes as fractions of the training set
(int(size * len(x_train)) rows), so every size trains on all of it."""
import numpy as np

EXPECT_TEST = "test_learning_curve_same_start_and_sizes"
EXPECT_MESSAGE = "fractions"


def learning_curve(build_fn, x_train, y_train, x_test, y_test, train_sizes):
    initial = build_fn().get_weights()
    train_scores, test_scores = [], []
    for size in train_sizes:
        n = int(size * len(x_train))
        model = build_fn()
        model.set_weights(initial)
        model.fit(x_train[:n], y_train[:n], epochs=5, batch_size=32, verbose=0)
        train_scores.append(model.evaluate(x_train[:n], y_train[:n], verbose=0)[1])
        test_scores.append(model.evaluate(x_test, y_test, verbose=0)[1])
    return np.array(train_scores), np.array(test_scores)
