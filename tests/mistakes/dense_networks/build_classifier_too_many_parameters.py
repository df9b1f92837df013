"""build_classifier stacks two Dense(512) layers: 300,000 parameters for 64
input features, over the parameter budget (and slow to train)."""
import keras

EXPECT_TEST = "test_build_classifier_learns_digits_from_integer_labels"
EXPECT_MESSAGE = "parameters, more than the 100,000 allowed"


def build_classifier(n_features, n_classes):
    units, activation, loss = n_classes, "softmax", "sparse_categorical_crossentropy"
    if n_classes == 2:
        units, activation, loss = 1, "sigmoid", "binary_crossentropy"
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(units, activation=activation),
    ])
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model
