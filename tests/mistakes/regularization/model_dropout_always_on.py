"""Functional model calling Dropout with training=True (Monte-Carlo dropout): it
keeps dropping at inference."""
import keras

EXPECT_TEST = "test_model_random_in_training_deterministic_at_inference"
EXPECT_MESSAGE = "random at inference"


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    reg = keras.regularizers.L2(l2)
    inputs = keras.Input(shape=input_shape)
    x = keras.layers.Conv2D(16, 3, padding="same", kernel_regularizer=reg)(inputs)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Activation("relu")(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Conv2D(32, 3, padding="same", kernel_regularizer=reg)(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Activation("relu")(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dropout(dropout_rate)(x, training=True)
    outputs = keras.layers.Dense(num_classes, activation="softmax", kernel_regularizer=reg)(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
