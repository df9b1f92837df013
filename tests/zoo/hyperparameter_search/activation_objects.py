"""Hyperparameters turned into objects: keras.activations.get and keras.optimizers.get.

The activation name becomes a function object passed to every hidden Dense
and the optimizer name an optimizer instance; keras.utils.set_random_seed and
KerasClassifier(random_state=seed) both seed the search.
"""

import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    act = keras.activations.get(activation)
    hidden = [keras.layers.Dense(n_neurons, activation=act) for _ in range(n_layers)]
    model = keras.Sequential([keras.Input((n_features,)), *hidden,
                              keras.layers.Dense(1, activation=keras.activations.sigmoid)])
    model.compile(optimizer=keras.optimizers.get(optimizer), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    keras.utils.set_random_seed(seed)
    wrapped = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                              batch_size=32, verbose=0, random_state=seed)
    search = RandomizedSearchCV(wrapped, param_distributions, n_iter=n_iter, cv=cv,
                                random_state=seed, refit=False)
    search.fit(x, y)
    return {"best_params": search.best_params_, "best_score": search.best_score_,
            "cv_results": search.cv_results_}


def learning_curve(build_fn, x_train, y_train, x_test, y_test, train_sizes):
    first = build_fn()
    initial = [w.copy() for w in first.get_weights()]
    results = []
    for n in train_sizes:
        model = build_fn()
        model.set_weights(initial)
        model.fit(x_train[:n], y_train[:n], epochs=5, batch_size=32, verbose=0)
        _, train_acc = model.evaluate(x_train[:n], y_train[:n], verbose=0)
        _, test_acc = model.evaluate(x_test, y_test, verbose=0)
        results.append((train_acc, test_acc))
    train_scores, test_scores = zip(*results)
    return np.asarray(train_scores, float), np.asarray(test_scores, float)
