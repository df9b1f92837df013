"""create_model hard-codes 32 units per hidden layer: n_neurons ignored."""
import keras

EXPECT_TEST = "test_create_model_hidden_layers"
EXPECT_MESSAGE = "n_neurons ignored"


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = keras.Sequential([keras.Input(shape=(n_features,))])
    for _ in range(n_layers):
        model.add(keras.layers.Dense(32, activation=activation))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model
