"""train_with_callbacks builds its own callbacks: EarlyStopping without
restore_best_weights, so the model ends with the last epoch's weights."""
import keras

EXPECT_TEST = "test_train_with_callbacks_restores_best_weights"
EXPECT_MESSAGE = "restore_best_weights=True"


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=3),
                 keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True)]
    return model.fit(x, y, validation_split=0.2, epochs=max_epochs, batch_size=32,
                     callbacks=callbacks, verbose=0)
