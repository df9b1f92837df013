"""create_model gives the activation to the first hidden layer only; the
others have none (linear)."""
import keras

EXPECT_TEST = "test_create_model_hidden_layers"
EXPECT_MESSAGE = "first hidden layer only"


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = keras.Sequential([keras.Input(shape=(n_features,)),
                              keras.layers.Dense(n_neurons, activation=activation)])
    for _ in range(n_layers - 1):
        model.add(keras.layers.Dense(n_neurons))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model
