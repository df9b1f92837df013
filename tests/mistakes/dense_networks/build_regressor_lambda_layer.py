"""build_regressor rescales the output with a Lambda layer (x * 100, so that
the output starts near the targets): Lambda layers carry Python code and
cannot be loaded with safe_mode=True."""
import keras

EXPECT_TEST = "test_build_regressor_structure_and_compile"
EXPECT_MESSAGE = "a Lambda layer"


def build_regressor(n_features):
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1),
        keras.layers.Lambda(lambda t: t * 100.0),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse",
                  metrics=["mae"])
    return model
