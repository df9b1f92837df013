"""unfreeze_top unfreezes the first n_layers of the base (base.layers[:n_layers]) instead of the top."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "the bottom layers were unfrozen"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    for layer in base.layers:
        layer.trainable = False
    for layer in base.layers[:n_layers]:
        if not isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
