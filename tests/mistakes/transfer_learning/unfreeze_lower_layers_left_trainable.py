"""unfreeze_top sets base.trainable = True (which unfreezes every layer) and then only handles
the top n_layers: the lower layers are never frozen again."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "lower layers were left trainable"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    for layer in base.layers[len(base.layers) - n_layers:] if n_layers else []:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
