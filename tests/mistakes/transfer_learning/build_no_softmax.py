"""build_transfer_model ends with a Dense layer without activation (logits), trained with
from_logits=True: the model does not output probabilities."""
import keras
from keras import layers

EXPECT_TEST = "test_build_transfer_model_output_and_compile"
EXPECT_MESSAGE = "no softmax"


def build_transfer_model(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs, training=False)
    outputs = layers.Dense(num_classes)(layers.GlobalAveragePooling2D()(features))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-2),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model
