"""build_transfer_model works on keras.models.clone_model(base): a copy of the architecture
with new random weights, so nothing pretrained is transferred."""
import keras
from keras import layers

EXPECT_TEST = "test_build_transfer_model_freezes_the_base"
EXPECT_MESSAGE = "not the pretrained ones"


def build_transfer_model(base, num_classes):
    copy = keras.models.clone_model(base)
    copy.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = copy(inputs, training=False)
    outputs = layers.Dense(num_classes, activation="softmax")(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
