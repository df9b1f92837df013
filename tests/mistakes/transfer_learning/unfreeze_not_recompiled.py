"""unfreeze_top sets the flags but does not compile the model again."""
import keras

EXPECT_TEST = "test_unfreeze_top"
EXPECT_MESSAGE = "not compiled again"


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    first = max(len(base.layers) - n_layers, 0)
    for index, layer in enumerate(base.layers):
        layer.trainable = index >= first and not isinstance(layer, keras.layers.BatchNormalization)
    return model
