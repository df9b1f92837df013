"""build_transfer_model compiles with categorical_crossentropy, which needs one-hot labels;
the target labels are integers."""
import keras
from keras import layers

EXPECT_TEST = "test_build_transfer_model_output_and_compile"
EXPECT_MESSAGE = "expects one-hot labels"


def build_transfer_model(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs, training=False)
    outputs = layers.Dense(num_classes, activation="softmax")(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model
