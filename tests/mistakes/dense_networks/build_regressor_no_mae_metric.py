"""build_regressor compiles with loss="mse" but without metrics=["mae"]."""
import keras

EXPECT_TEST = "test_build_regressor_structure_and_compile"
EXPECT_MESSAGE = "include the mean absolute error"


def build_regressor(n_features):
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    return model
