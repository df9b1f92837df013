"""build_forecaster ends with a sigmoid unit, which cannot reach the negative half of
the standardised series."""
import keras
from keras import layers

EXPECT_TEST = "test_forecaster_beats_the_naive_forecast"
EXPECT_MESSAGE = "never negative"


def build_forecaster(window):
    model = keras.Sequential([
        keras.Input(shape=(window, 1)),
        layers.LSTM(32),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    return model
