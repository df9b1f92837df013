"""build_transfer_model puts the Dense head directly on the base's feature map (no pooling)."""
import keras
from keras import layers

EXPECT_TEST = "test_build_transfer_model_output_and_compile"
EXPECT_MESSAGE = "no pooling"


def build_transfer_model(base, num_classes):
    base.trainable = False
    outputs = layers.Dense(num_classes, activation="softmax")(base.output)
    model = keras.Model(base.input, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
