# Exercise hyperparameter_search: replace each `raise NotImplementedError` with your code,
# then check it with `dlkit check hyperparameter_search`.
# (Generated from solutions/hyperparameter_search.py by `dlkit build`.)
"""Hyperparameter search with scikit-learn, and learning curves.

How many hidden layers, how many neurons, which activation, which optimizer?
These *hyperparameters* are chosen, not learned, and the honest way to choose
them is to try candidates and compare them by cross-validation: each
candidate is trained ``cv`` times, each time on all folds but one and scored
on the fold it did not see. scikit-learn does the bookkeeping
(``RandomizedSearchCV``) for any estimator with ``fit``/``predict``/``score``;
a *wrapper* makes a Keras model-building function look like one. In this
topic you:

1. ``create_model``: build and compile a small binary classifier whose shape
   is given entirely by its arguments, so that a search can vary them.
2. ``random_search``: wrap ``create_model`` with scikeras's
   ``KerasClassifier`` and let ``RandomizedSearchCV`` try ``n_iter``
   candidates sampled from ``param_distributions``, with ``cv``-fold
   cross-validation, reproducibly for a given ``seed``.
3. ``learning_curve``: train the same network on growing parts of the
   training set, every time from the same initial weights, and report its
   accuracy on what it trained on and on a test set: the curve that tells
   whether more data would help.

The graders call your functions on small synthetic data sets (about a hundred
rows of 4 features, labels 0/1), so that a whole search of a dozen short
trainings takes seconds: keep the epochs and batch sizes the docstrings give.

Older tutorials use a wrapper that current Keras removed:

- ``from keras.wrappers.scikit_learn import KerasClassifier`` (and
  ``tf.keras.wrappers.scikit_learn``) is gone: use the maintained scikeras
  package, ``from scikeras.wrappers import KerasClassifier``;
- its ``build_fn=create_model`` is now ``model=create_model``, and the
  arguments of ``create_model`` are set, and searched, with the prefix
  ``model__`` (``model__n_neurons``), while ``epochs``, ``batch_size`` and
  ``verbose`` go to the wrapper itself;
- ``GridSearchCV`` tries *every* combination; ``RandomizedSearchCV`` samples
  ``n_iter`` of them, which is what a limited budget affords;
- ``Sequential.predict_classes`` is gone: threshold ``model.predict(x)`` at
  0.5 for a sigmoid output.
"""

import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV


def create_model(n_features, n_layers=1, n_neurons=16, activation="relu", optimizer="adam"):
    """A compiled binary classifier whose architecture is set by the arguments.

    Args:
        n_features: the number of input features (the model's input shape is
            ``(n_features,)``).
        n_layers: how many hidden ``Dense`` layers (1 or more).
        n_neurons: the units of every hidden layer.
        activation: the activation of every hidden layer (``"relu"``,
            ``"tanh"``, ...).
        optimizer: the optimizer, by name (``"adam"``, ``"sgd"``,
            ``"rmsprop"``, ...), passed to ``compile`` as it is.

    Returns:
        A ``keras.Sequential``: ``keras.Input(shape=(n_features,))``, then
        ``n_layers`` layers ``Dense(n_neurons, activation=activation)``, then
        one ``Dense(1, activation="sigmoid")`` output (the probability of
        class 1), compiled with ``optimizer``, ``loss="binary_crossentropy"``
        and ``metrics=["accuracy"]``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("create_model is not implemented yet")


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    """Randomized cross-validated search over ``create_model``'s arguments.

    Args:
        x: float32 array ``(N, n_features)``.
        y: int array ``(N,)`` of labels 0/1.
        param_distributions: a dict from parameter names, prefixed
            ``model__`` as scikeras routes them to ``create_model``
            (``{"model__n_neurons": [4, 8, 16], "model__n_layers": [1, 2]}``),
            to lists of values (or scipy.stats distributions). Pass it to
            ``RandomizedSearchCV`` as it is.
        n_iter: how many candidates to sample and evaluate.
        cv: the number of cross-validation folds.
        seed: makes the whole search reproducible.

    First seed Python, NumPy and Keras/TensorFlow with
    ``keras.utils.set_random_seed(seed)``, so that the initial weights and
    the shuffling of every fit are the same each time (scikeras's
    ``KerasClassifier(..., random_state=seed)`` is another way). Build the
    estimator as ``KerasClassifier(model=create_model,
    model__n_features=x.shape[1], epochs=2, batch_size=32, verbose=0)``
    (scikeras calls ``create_model`` with the ``model__`` arguments for every
    fit; the few epochs keep the graders' searches quick), and search with
    ``RandomizedSearchCV(estimator, param_distributions, n_iter=n_iter,
    cv=cv, random_state=seed, refit=False)``: ``random_state`` fixes which
    candidates are sampled, the default scoring is the accuracy, and
    ``refit=False`` because no final model is returned. Keep ``n_jobs`` at
    its default (one process). Two calls with the same arguments must give
    identical results; another ``seed`` samples other candidates.

    Returns:
        A dict ``{"best_params": ..., "best_score": ..., "cv_results": ...}``:
        the search's ``best_params_`` (the sampled candidate with the highest
        mean validation accuracy, keys as in ``param_distributions``), its
        ``best_score_`` (that mean, a float) and its ``cv_results_`` (with
        ``params``, ``mean_test_score`` and ``split<k>_test_score`` for each
        fold ``k``).
    """
    # YOUR CODE HERE
    raise NotImplementedError("random_search is not implemented yet")


def learning_curve(build_fn, x_train, y_train, x_test, y_test, train_sizes):
    """Train and test accuracy for growing training sets, from the same start.

    Args:
        build_fn: a function of no arguments that returns a new compiled
            binary classifier (one sigmoid output) for ``x_train``'s rows.
        x_train, y_train: the training set (labels 0/1).
        x_test, y_test: the test set.
        train_sizes: a list of ints: train on the first ``n`` rows of
            ``x_train`` and ``y_train`` for each ``n`` (not fractions).

    Every size must start from the same initial weights and a fresh
    optimizer, so that only the amount of data differs: call ``build_fn()``
    once and keep ``initial = model.get_weights()`` before any training; then
    for each size build a new model with ``build_fn()``, give it
    ``set_weights(initial)``, and train it with ``fit(x_train[:n],
    y_train[:n], epochs=5, batch_size=32, verbose=0)``. Never continue
    training the previous size's model.

    Returns:
        ``(train_scores, test_scores)``: two float arrays of
        ``len(train_sizes)``: the trained model's accuracy (the predicted
        probability ``> 0.5`` counts as class 1) on the rows it was trained on
        (``x_train[:n]``) and on the whole test set. ``model.predict(x,
        verbose=0)``, or simply ``model(x)`` for a few dozen rows, gives the
        probabilities; ``model.evaluate`` gives the same accuracy when the
        model is compiled with ``metrics=["accuracy"]``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("learning_curve is not implemented yet")
