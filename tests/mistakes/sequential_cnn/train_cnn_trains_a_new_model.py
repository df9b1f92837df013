"""train_cnn builds and trains a fresh model instead of the one it is given,
which stays untrained."""
EXPECT_TEST = "test_train_cnn_held_out_accuracy"
EXPECT_MESSAGE = "must fit the model it is given"


def train_cnn(model, x_train, y_train):
    model = build_cnn(x_train.shape[1:], y_train.shape[1])  # noqa: F821 - the module's build_cnn
    return model.fit(x_train, y_train, epochs=12, batch_size=32, verbose=0)
