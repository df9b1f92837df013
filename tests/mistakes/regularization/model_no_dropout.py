"""No Dropout layer: only batch normalization and L2."""
import keras

EXPECT_TEST = "test_model_random_in_training_deterministic_at_inference"
EXPECT_MESSAGE = "no Dropout"


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
        keras.layers.Dense(num_classes, activation="softmax", kernel_regularizer=reg),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
