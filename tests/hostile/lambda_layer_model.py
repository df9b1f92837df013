# expect: {"topic": "sequential_cnn", "message": "a Lambda layer", "score": "zero"}
"""Returns a model with a Lambda layer, whose saved bytecode would run in the
grader's process; graders load models with safe_mode=True and say why not."""
import keras


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([keras.Input(shape=input_shape), keras.layers.Conv2D(4, 3),
                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),
                              keras.layers.Lambda(lambda x: x * 2.0),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
