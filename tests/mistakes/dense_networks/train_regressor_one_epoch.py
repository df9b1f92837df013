"""train_regressor fits a single epoch: the model is barely trained (the
output has not grown anywhere near the targets of ~150)."""

EXPECT_TEST = "test_train_regressor_held_out_mae"
EXPECT_MESSAGE = "held-out mean absolute error"


def train_regressor(model, x_train, y_train):
    return model.fit(x_train, y_train, epochs=1, batch_size=32, verbose=0)
