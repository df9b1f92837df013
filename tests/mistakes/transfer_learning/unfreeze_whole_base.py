"""unfreeze_top only sets base.trainable = True: every layer of the base trains, n_layers ignored."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "n_layers ignored"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
