# expect: {"topic": "sequential_cnn", "message": "15,900,010 parameters, more than the 10,000,000", "score": "partial"}
"""Returns a model with 16 million parameters (and a file of hundreds of MB
once trained): refused before it is written, so the grader never loads it."""
import keras


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([keras.Input(shape=input_shape), keras.layers.Flatten(),
                              keras.layers.Dense(20_000, activation="relu"),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
