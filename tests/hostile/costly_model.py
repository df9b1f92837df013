# expect: {"topic": "sequential_cnn", "message": "floating-point operations) per example, more than the 200 MFLOP allowed", "score": "zero"}
"""A valid model of 5.3 million parameters (under the 10 million allowed)
whose ten wide convolutions at full 28x28 resolution cost 8.3 GFLOP an
image: predicting the grader's test images with it would take the grader's
whole time budget."""
import keras


def build_cnn(input_shape, num_classes):
    convolutions = [keras.layers.Conv2D(256, 3, padding="same", activation="relu")
                    for _ in range(10)]
    model = keras.Sequential([keras.Input(shape=input_shape), *convolutions,
                              keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
