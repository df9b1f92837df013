"""unfreeze_top starts by freezing the whole model (model.trainable = False), which also
freezes the head and, in Keras 3, everything inside the model."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "nothing in the model is trainable"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    model.trainable = False
    base.trainable = True
    first = max(len(base.layers) - n_layers, 0)
    for index, layer in enumerate(base.layers):
        layer.trainable = index >= first and not isinstance(layer, keras.layers.BatchNormalization)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
