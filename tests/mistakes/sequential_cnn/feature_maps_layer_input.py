"""feature_maps uses each layer's input instead of its output."""
import keras
import numpy as np

EXPECT_TEST = "test_feature_maps"
EXPECT_MESSAGE = "layer.input"


def feature_maps(model, x, layer_names):
    maps = []
    for name in layer_names:
        extractor = keras.Model(model.inputs, model.get_layer(name).input)
        maps.append(np.asarray(extractor.predict(x, verbose=0)))
    return maps
