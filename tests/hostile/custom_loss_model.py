# expect: {"topic": "sequential_cnn", "message": "a function of your own, sneaky_loss", "score": "zero"}
"""Compiles with a loss function of its own: loading it would need the
student's code in the grader's process."""
import keras


def sneaky_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([keras.Input(shape=input_shape), keras.layers.Conv2D(4, 3),
                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss=sneaky_loss, metrics=["accuracy"])
    return model
