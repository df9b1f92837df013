"""random_search picks the candidate with the best *training* score
(return_train_score=True, mean_train_score) and reports that score."""
import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV

EXPECT_TEST = "test_random_search_returns_the_best_candidate"
EXPECT_MESSAGE = "training scores"


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    keras.utils.set_random_seed(seed)
    estimator = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                                batch_size=32, verbose=0)
    search = RandomizedSearchCV(estimator, param_distributions, n_iter=n_iter, cv=cv,
                                random_state=seed, refit=False, return_train_score=True)
    search.fit(x, y)
    results = search.cv_results_
    best = int(np.argmax(results["mean_train_score"]))
    return {"best_params": results["params"][best],
            "best_score": float(results["mean_train_score"][best]), "cv_results": results}
