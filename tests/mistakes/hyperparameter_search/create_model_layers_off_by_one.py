"""create_model adds a first hidden layer and then n_layers more: n_layers + 1
hidden layers."""
import keras

EXPECT_TEST = "test_create_model_hidden_layers"
EXPECT_MESSAGE = "n_layers off by one"


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = keras.Sequential([keras.Input(shape=(n_features,)),
                              keras.layers.Dense(n_neurons, activation=activation)])
    for _ in range(n_layers):
        model.add(keras.layers.Dense(n_neurons, activation=activation))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model
