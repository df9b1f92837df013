"""train_with_callbacks builds its own ModelCheckpoint without
save_best_only: the file holds the last epoch's model."""
import keras

EXPECT_TEST = "test_train_with_callbacks_checkpoint_holds_best"
EXPECT_MESSAGE = "save_best_only"


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
                 keras.callbacks.ModelCheckpoint(checkpoint_path)]
    return model.fit(x, y, validation_split=0.2, epochs=max_epochs, batch_size=32,
                     callbacks=callbacks, verbose=0)
