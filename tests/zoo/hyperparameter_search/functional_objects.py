"""Functional API with objects: keras.losses.BinaryCrossentropy() and a BinaryAccuracy metric.

create_model builds keras.Model(inputs, outputs); the loss and metric are
objects; the learning curve reads the accuracy off model(x) for these few rows.
"""

import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    inputs = keras.Input(shape=(n_features,), name="features")
    h = inputs
    for i in range(n_layers):
        h = keras.layers.Dense(n_neurons, activation=activation, name=f"hidden_{i}")(h)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="probability")(h)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=optimizer, loss=keras.losses.BinaryCrossentropy(),
                  metrics=[keras.metrics.BinaryAccuracy(name="accuracy")])
    return model


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    clf = KerasClassifier(model=create_model, model__n_features=int(x.shape[1]), epochs=2,
                          batch_size=32, verbose=0, random_state=seed)
    search = RandomizedSearchCV(estimator=clf, param_distributions=param_distributions,
                                n_iter=n_iter, cv=cv, random_state=seed, refit=False,
                                scoring="accuracy")
    search.fit(x, y)
    return {"best_params": dict(search.best_params_), "best_score": float(search.best_score_),
            "cv_results": search.cv_results_}


def learning_curve(build_fn, x_train, y_train, x_test, y_test, train_sizes):
    start = build_fn().get_weights()

    def accuracy(model, x, y):
        p = np.asarray(model(x)).ravel()
        return float(np.mean((p > 0.5) == (np.asarray(y).ravel() == 1)))

    train_scores = np.zeros(len(train_sizes))
    test_scores = np.zeros(len(train_sizes))
    for i, n in enumerate(train_sizes):
        model = build_fn()
        model.set_weights(start)
        model.fit(x_train[:n], y_train[:n], epochs=5, batch_size=32, verbose=0)
        train_scores[i] = accuracy(model, x_train[:n], y_train[:n])
        test_scores[i] = accuracy(model, x_test, y_test)
    return train_scores, test_scores
