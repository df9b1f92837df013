"""build_transfer_model compiles the new head with a fine-tuning learning rate (1e-5): in the
grader's 300 steps the head barely moves from its random start."""
import keras
from keras import layers

EXPECT_TEST = "test_transfer_beats_training_from_scratch"
EXPECT_MESSAGE = "learning rate"


def build_transfer_model(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs, training=False)
    outputs = layers.Dense(num_classes, activation="softmax")(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
