"""Dropout(1 - dropout_rate): the rate read as the fraction kept (old TensorFlow
keep_prob)."""
import keras

EXPECT_TEST = "test_model_dropout_layers_use_dropout_rate"
EXPECT_MESSAGE = "not kept"


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    reg = keras.regularizers.L2(l2)
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        keras.layers.Conv2D(16, 3, padding="same", kernel_regularizer=reg),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding="same", kernel_regularizer=reg),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(1 - dropout_rate),
        keras.layers.Dense(num_classes, activation="softmax", kernel_regularizer=reg),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
