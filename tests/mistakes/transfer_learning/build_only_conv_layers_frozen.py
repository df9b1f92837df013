"""build_transfer_model freezes only the Conv2D layers: BatchNormalization stays trainable (and
runs in training mode, so its moving statistics drift during head training)."""
import keras
from keras import layers

EXPECT_TEST = "test_build_transfer_model_freezes_the_base"
EXPECT_MESSAGE = "BatchNormalization layers are trainable"


def build_transfer_model(base, num_classes):
    for layer in base.layers:
        if isinstance(layer, (layers.Conv2D, layers.DepthwiseConv2D)):
            layer.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs)
    outputs = layers.Dense(num_classes, activation="softmax")(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
