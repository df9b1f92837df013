"""unfreeze_top recompiles with a hard-coded learning rate (1e-4) instead of learning_rate."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "learning_rate ignored"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    first = max(len(base.layers) - n_layers, 0)
    for index, layer in enumerate(base.layers):
        layer.trainable = index >= first and not isinstance(layer, keras.layers.BatchNormalization)
    model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
