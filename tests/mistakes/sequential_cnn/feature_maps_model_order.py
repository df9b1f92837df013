"""feature_maps walks model.layers and returns the named layers' maps in the
model's order, not in the order of layer_names."""
import keras
import numpy as np

EXPECT_TEST = "test_feature_maps"
EXPECT_MESSAGE = "not in the order of layer_names"


def feature_maps(model, x, layer_names):
    outputs = [layer.output for layer in model.layers if layer.name in layer_names]
    maps = keras.Model(model.inputs, outputs).predict(x, verbose=0)
    if not isinstance(maps, (list, tuple)):
        maps = [maps]
    return [np.asarray(m) for m in maps]
