"""Dropout written by hand in a Lambda layer: refused when the grader loads the
model with safe_mode=True."""
import keras

EXPECT_TEST = "test_model_random_in_training_deterministic_at_inference"
EXPECT_MESSAGE = "Lambda"


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    reg = keras.regularizers.L2(l2)

    def drop(t):
        keep = keras.ops.cast(keras.random.uniform(keras.ops.shape(t)) >= dropout_rate, t.dtype)
        return t * keep / (1 - dropout_rate)

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
        keras.layers.Lambda(drop),
        keras.layers.Dense(num_classes, activation="softmax", kernel_regularizer=reg),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
