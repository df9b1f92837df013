"""build_transfer_model forgets base.trainable = False: the whole base trains with the head."""
import keras
from keras import layers

EXPECT_TEST = "test_build_transfer_model_freezes_the_base"
EXPECT_MESSAGE = "the base is not frozen"


def build_transfer_model(base, num_classes):
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs)
    outputs = layers.Dense(num_classes, activation="softmax")(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
