"""make_callbacks: EarlyStopping and ModelCheckpoint watch the training loss
('loss'), which keeps falling while the model over-fits."""
import keras

EXPECT_TEST = "test_make_callbacks_early_stopping"
EXPECT_MESSAGE = "monitor='val_loss'"


def make_callbacks(checkpoint_path, patience=3):
    return [keras.callbacks.EarlyStopping(monitor="loss", patience=patience, restore_best_weights=True),
            keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="loss", save_best_only=True)]
