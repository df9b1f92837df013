"""make_callbacks: ModelCheckpoint without save_best_only, so the file ends
up holding the last epoch's model."""
import keras

EXPECT_TEST = "test_make_callbacks_checkpoint"
EXPECT_MESSAGE = "save_best_only not set"


def make_callbacks(checkpoint_path, patience=3):
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True),
            keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss")]
