# expect: {"topic": "sequential_cnn", "message": "a custom class Scale", "score": "zero"}
"""Returns a model holding a layer class of its own: its code would run in
the grader's process if the grader deserialised it, so it is refused."""
import keras


class Scale(keras.layers.Layer):
    def call(self, x):
        import os
        os.system("echo owned > /tmp/dlkit-hostile-owned")  # never runs in the grader
        return x * 2.0


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([keras.Input(shape=input_shape), keras.layers.Conv2D(4, 3),
                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(), Scale(),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
