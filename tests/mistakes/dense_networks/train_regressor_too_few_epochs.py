"""train_regressor trains for only 2 epochs: the output has not grown to the
targets (around 150) yet, so the error is still far above the threshold."""

EXPECT_TEST = "test_train_regressor_held_out_mae"
EXPECT_MESSAGE = "held-out mean absolute error"


def train_regressor(model, x_train, y_train):
    return model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)
