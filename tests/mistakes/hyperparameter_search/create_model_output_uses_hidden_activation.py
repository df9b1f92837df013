"""create_model builds every Dense layer, the output included, with the
activation argument."""
import keras

EXPECT_TEST = "test_create_model_output_and_loss"
EXPECT_MESSAGE = "the output layer uses the hidden layers' activation"


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = keras.Sequential([keras.Input(shape=(n_features,))])
    for _ in range(n_layers):
        model.add(keras.layers.Dense(n_neurons, activation=activation))
    model.add(keras.layers.Dense(1, activation=activation))
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model
