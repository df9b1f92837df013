"""Every layer frozen (model.trainable = False, as for a pretrained base):
training cannot change it, so it stays an untrained model."""
import keras

EXPECT_TEST = "test_model_learns_mnist28"
EXPECT_MESSAGE = "no trainable weights"


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
        keras.layers.Dropout(dropout_rate),
        keras.layers.Dense(num_classes, activation="softmax", kernel_regularizer=reg),
    ])
    model.trainable = False
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
