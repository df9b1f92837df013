"""build_transfer_model ends with sigmoid units (multi-label scores) instead of a softmax."""
import keras
from keras import layers

EXPECT_TEST = "test_build_transfer_model_output_and_compile"
EXPECT_MESSAGE = "sigmoid scores each class on its own"


def build_transfer_model(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs, training=False)
    outputs = layers.Dense(num_classes, activation="sigmoid")(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
