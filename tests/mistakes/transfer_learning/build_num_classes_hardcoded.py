"""build_transfer_model hard-codes 5 output units (the target task's digits 5-9)."""
import keras
from keras import layers

EXPECT_TEST = "test_build_transfer_model_output_and_compile"
EXPECT_MESSAGE = "num_classes ignored"


def build_transfer_model(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs, training=False)
    outputs = layers.Dense(5, activation="softmax")(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
