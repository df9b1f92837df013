"""unfreeze_top slices base.layers[-n_layers:], which for n_layers = 0 is the whole list."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "base.layers[-0:] is the whole list"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    for layer in base.layers:
        layer.trainable = False
    for layer in base.layers[-n_layers:]:
        if not isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
