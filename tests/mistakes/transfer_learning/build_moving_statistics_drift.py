"""The same mistake seen in training: BatchNormalization left trainable, so head training
updates the base's moving statistics (and gamma/beta)."""
import keras
from keras import layers

EXPECT_TEST = "test_head_training_leaves_the_base_unchanged"
EXPECT_MESSAGE = "base was not frozen"


def build_transfer_model(base, num_classes):
    for layer in base.layers:
        if isinstance(layer, layers.Conv2D):
            layer.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs)
    outputs = layers.Dense(num_classes, activation="softmax")(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
