"""EarlyStopping habit: validation_split=0.1, EarlyStopping on val_loss restoring the best weights.

The callbacks notes' habit applied to the CNN: up to 25 epochs, stop when the
validation loss has not improved for 4 epochs and keep the best epoch's
weights; Dropout before the classifier.
"""

import keras
import numpy as np
from keras import layers


def prepare_images(images, labels, num_classes):
    x = images[..., None].astype(np.float32) / 255.0
    return x.astype(np.float32), keras.utils.to_categorical(labels, num_classes).astype(np.float32)


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(input_shape),
        layers.Conv2D(24, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.3),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def train_cnn(model, x_train, y_train):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    return model.fit(x_train, y_train, validation_split=0.1, epochs=25, batch_size=32,
                     callbacks=[stop], verbose=0)


def predict_classes(model, x):
    return np.argmax(model.predict(x, verbose=0), axis=-1).astype(np.int64)


def feature_maps(model, x, layer_names):
    wanted = [model.get_layer(name).output for name in layer_names]
    extractor = keras.Model(inputs=model.inputs, outputs=wanted)
    maps = extractor.predict(x, verbose=0)
    return [maps] if len(layer_names) == 1 else list(maps)
