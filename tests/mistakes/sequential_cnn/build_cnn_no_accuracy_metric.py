"""build_cnn compiles without metrics: the History has no 'accuracy'."""
import keras
from keras import layers

EXPECT_TEST = "test_train_cnn_returns_history"
EXPECT_MESSAGE = "metrics=['accuracy']"


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dropout(0.25),
        layers.Dense(num_classes, activation="softmax"),
    ])
    schedule = keras.optimizers.schedules.ExponentialDecay(3e-3, decay_steps=50, decay_rate=0.8)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="categorical_crossentropy")
    return model
