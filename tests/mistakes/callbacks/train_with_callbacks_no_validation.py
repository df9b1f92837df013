"""train_with_callbacks fits without a validation split: there is no
val_loss for early stopping and the checkpoint to watch."""

EXPECT_TEST = "test_train_with_callbacks_stops_early"
EXPECT_MESSAGE = "validation_split=0.2"


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    return model.fit(x, y, epochs=max_epochs, batch_size=32,
                     callbacks=make_callbacks(checkpoint_path), verbose=0)
