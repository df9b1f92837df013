"""make_callbacks copies an old tutorial: ModelCheckpoint("best_model.hdf5"),
which Keras 3 refuses (a whole model is saved as a .keras file)."""
import keras

EXPECT_TEST = "test_make_callbacks_checkpoint"
EXPECT_MESSAGE = ".hdf5/.h5 checkpoint name"


def make_callbacks(checkpoint_path, patience=3):
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True),
            keras.callbacks.ModelCheckpoint("best_model.hdf5", monitor="val_loss", save_best_only=True)]
