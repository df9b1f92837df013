"""Dropout after every hidden layer (a regularisation habit of the notes), RMSprop-free defaults.

Hidden layers Dense(n_neurons, activation) each followed by Dropout(0.1), which
does nothing at inference, so the network computes the same function.
"""

import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = keras.Sequential(name="searchable")
    model.add(keras.layers.Input(shape=(n_features,)))
    for _ in range(n_layers):
        model.add(keras.layers.Dense(units=n_neurons, activation=activation))
        model.add(keras.layers.Dropout(0.1))
    model.add(keras.layers.Dense(units=1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    search = RandomizedSearchCV(
        KerasClassifier(create_model, model__n_features=x.shape[1], epochs=2, batch_size=32,
                        verbose=0, random_state=seed),
        param_distributions, n_iter=n_iter, cv=cv, random_state=seed, refit=False)
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
        for x, y, scores in ((x_train[:n], y_train[:n], train_scores), (x_test, y_test, test_scores)):
            predicted = (model.predict(x, verbose=0)[:, 0] > 0.5).astype(np.int64)
            scores.append(float(np.mean(predicted == y)))
    return np.array(train_scores), np.array(test_scores)
