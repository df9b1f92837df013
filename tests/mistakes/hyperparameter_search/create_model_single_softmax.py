"""create_model ends with Dense(1, activation="softmax"), which always outputs 1."""
import keras

EXPECT_TEST = "test_create_model_output_and_loss"
EXPECT_MESSAGE = "softmax over a single unit"


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = keras.Sequential([keras.Input(shape=(n_features,))])
    for _ in range(n_layers):
        model.add(keras.layers.Dense(n_neurons, activation=activation))
    model.add(keras.layers.Dense(1, activation="softmax"))
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model
