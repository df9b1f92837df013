"""feature_maps returns only the last named layer's activations."""
import keras
import numpy as np

EXPECT_TEST = "test_feature_maps"
EXPECT_MESSAGE = "only the last layer"


def feature_maps(model, x, layer_names):
    extractor = keras.Model(model.inputs, model.get_layer(layer_names[-1]).output)
    return np.asarray(extractor.predict(x, verbose=0))
