"""Separate Activation layers: Dense(n) followed by Activation(a), the output Dense(1) + Activation("sigmoid").

The same function as Dense(n, activation=a); the issue's case that lost points
with "activation ignored". KerasClassifier(random_state=seed) seeds the fits.
"""

import keras
import numpy as np
from keras import layers
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_features,)))
    for _ in range(n_layers):
        model.add(layers.Dense(n_neurons))
        model.add(layers.Activation(activation))
    model.add(layers.Dense(1))
    model.add(layers.Activation("sigmoid"))
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    estimator = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                                batch_size=32, verbose=0, random_state=seed)
    search = RandomizedSearchCV(estimator, param_distributions, n_iter=n_iter, cv=cv,
                                random_state=seed, refit=False)
    search.fit(x, y)
    return {"best_params": search.best_params_, "best_score": search.best_score_,
            "cv_results": search.cv_results_}


def learning_curve(build_fn, x_train, y_train, x_test, y_test, train_sizes):
    initial = build_fn().get_weights()
    train_scores, test_scores = [], []
    for n in train_sizes:
        model = build_fn()
        model.set_weights(initial)
        model.fit(x_train[:n], y_train[:n], epochs=5, batch_size=32, verbose=0)
        train_scores.append(model.evaluate(x_train[:n], y_train[:n], verbose=0)[1])
        test_scores.append(model.evaluate(x_test, y_test, verbose=0)[1])
    return np.array(train_scores, dtype=float), np.array(test_scores, dtype=float)
