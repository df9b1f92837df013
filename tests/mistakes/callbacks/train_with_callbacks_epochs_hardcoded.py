"""train_with_callbacks always allows 50 epochs, ignoring max_epochs."""

EXPECT_TEST = "test_train_with_callbacks_stops_early"
EXPECT_MESSAGE = "max_epochs ignored"


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    return model.fit(x, y, validation_split=0.2, epochs=50, batch_size=32,
                     callbacks=make_callbacks(checkpoint_path), verbose=0)
