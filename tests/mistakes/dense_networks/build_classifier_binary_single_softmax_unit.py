"""build_classifier gives the binary case a single softmax unit: softmax over
one unit is always 1.0, so the model predicts the same class for everything."""
import keras

EXPECT_TEST = "test_build_classifier_output_and_loss_fit_the_task"
EXPECT_MESSAGE = "a single softmax unit always outputs 1.0"


def build_classifier(n_features, n_classes):
    if n_classes == 2:
        units, loss = 1, "binary_crossentropy"
    else:
        units, loss = n_classes, "sparse_categorical_crossentropy"
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(units, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model
