"""unfreeze_top counts only the layers that have weights (the top n_layers convolutions or
normalizations), not every layer of base.layers."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "counted only the layers that have weights"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    with_weights = [layer for layer in base.layers if layer.weights]
    top = with_weights[len(with_weights) - n_layers:] if n_layers else []
    for layer in base.layers:
        layer.trainable = layer in top and not isinstance(layer, keras.layers.BatchNormalization)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
