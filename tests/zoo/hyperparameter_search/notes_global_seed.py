"""The notes' create_model habit: keras.utils.set_random_seed, a layer loop, thresholded predict.

Seeds everything with keras.utils.set_random_seed(seed) before the search (as
the stub suggests), scores the learning curve with model.predict(x) > 0.5.
"""

import keras
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    model = Sequential()
    model.add(keras.Input(shape=(n_features,)))
    for i in range(n_layers):
        model.add(Dense(n_neurons, activation=activation))
    model.add(Dense(1, activation="sigmoid"))
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    keras.utils.set_random_seed(seed)
    model = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                            batch_size=32, verbose=0)
    random_search = RandomizedSearchCV(model, param_distributions=param_distributions,
                                       n_iter=n_iter, cv=cv, random_state=seed, refit=False)
    results = random_search.fit(x, y)
    return dict(best_params=results.best_params_, best_score=float(results.best_score_),
                cv_results=results.cv_results_)


def learning_curve(build_fn, x_train, y_train, x_test, y_test, train_sizes):
    initial_weights = build_fn().get_weights()
    train_accs, test_accs = [], []
    for train_size in train_sizes:
        model = build_fn()
        model.set_weights(initial_weights)
        x_frac, y_frac = x_train[:train_size], y_train[:train_size]
        model.fit(x_frac, y_frac, epochs=5, batch_size=32, verbose=0)
        train_pred = (model.predict(x_frac, verbose=0).reshape(-1) > 0.5).astype(int)
        test_pred = (model.predict(x_test, verbose=0).reshape(-1) > 0.5).astype(int)
        train_accs.append(np.mean(train_pred == y_frac))
        test_accs.append(np.mean(test_pred == y_test))
    return np.array(train_accs), np.array(test_accs)
