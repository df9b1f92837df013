"""build_regressor puts a relu on the output unit ("the targets are positive
anyway"): the output can never go below 0 and a dead unit predicts 0."""
import keras

EXPECT_TEST = "test_build_regressor_structure_and_compile"
EXPECT_MESSAGE = "a relu output for regression"


def build_regressor(n_features):
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="relu"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse",
                  metrics=["mae"])
    return model
