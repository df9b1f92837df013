"""create_model always compiles with "adam", whatever optimizer is."""
import keras

EXPECT_TEST = "test_create_model_optimizer"
EXPECT_MESSAGE = "optimizer hard-coded"


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = keras.Sequential([keras.Input(shape=(n_features,))])
    for _ in range(n_layers):
        model.add(keras.layers.Dense(n_neurons, activation=activation))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
