"""No BatchNormalization layer: dropout and L2 only."""
import keras

EXPECT_TEST = "test_model_batchnorm_differs_between_training_and_inference"
EXPECT_MESSAGE = "no BatchNormalization"


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    reg = keras.regularizers.L2(l2)
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu", kernel_regularizer=reg),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu", kernel_regularizer=reg),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(dropout_rate),
        keras.layers.Dense(num_classes, activation="softmax", kernel_regularizer=reg),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
