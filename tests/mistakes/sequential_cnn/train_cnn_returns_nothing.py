"""train_cnn fits the model but forgets to return the History."""
EXPECT_TEST = "test_train_cnn_returns_history"
EXPECT_MESSAGE = "expected a keras.callbacks.History"


def train_cnn(model, x_train, y_train):
    model.fit(x_train, y_train, epochs=12, batch_size=32, verbose=0)
