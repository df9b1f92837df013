"""train_with_callbacks forgets to pass the callbacks: it trains for
max_epochs and never writes a checkpoint."""

EXPECT_TEST = "test_train_with_callbacks_stops_early"
EXPECT_MESSAGE = "did not stop early"


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    make_callbacks(checkpoint_path)
    return model.fit(x, y, validation_split=0.2, epochs=max_epochs, batch_size=32, verbose=0)
