"""build_forecaster keeps return_sequences=True: a forecast per step, (None, window, 1)."""
import keras
from keras import layers

EXPECT_TEST = "test_build_forecaster_shapes_and_loss"
EXPECT_MESSAGE = "return_sequences=True"


def build_forecaster(window):
    model = keras.Sequential([
        keras.Input(shape=(window, 1)),
        layers.LSTM(32, return_sequences=True),
        layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    return model
