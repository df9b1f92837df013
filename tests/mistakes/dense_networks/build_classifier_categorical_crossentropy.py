"""build_classifier uses categorical_crossentropy, which needs one-hot labels
(keras.utils.to_categorical), but the labels are integer class ids."""
import keras

EXPECT_TEST = "test_build_classifier_learns_digits_from_integer_labels"
EXPECT_MESSAGE = "categorical_crossentropy expects one-hot labels"


def build_classifier(n_features, n_classes):
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
