"""make_callbacks: EarlyStopping without restore_best_weights, so the model
keeps the last epoch's weights."""
import keras

EXPECT_TEST = "test_make_callbacks_early_stopping"
EXPECT_MESSAGE = "restore_best_weights not set"


def make_callbacks(checkpoint_path, patience=3):
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience),
            keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True)]
