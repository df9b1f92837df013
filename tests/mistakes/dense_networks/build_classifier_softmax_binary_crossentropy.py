"""build_classifier pairs a softmax output with binary_crossentropy, as some
old tutorials do (the reported "accuracy" then looks deceptively high)."""
import keras

EXPECT_TEST = "test_build_classifier_output_and_loss_fit_the_task"
EXPECT_MESSAGE = "softmax output with binary_crossentropy"


def build_classifier(n_features, n_classes):
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(n_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
