"""unfreeze_top unfreezes every one of the top layers, BatchNormalization included."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "BatchNormalization layers among the top layers were unfrozen"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    first = max(len(base.layers) - n_layers, 0)
    for index, layer in enumerate(base.layers):
        layer.trainable = index >= first
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
