"""random_search scores each candidate on one held-out quarter (a single
ShuffleSplit) instead of cross-validating."""
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV, ShuffleSplit

EXPECT_TEST = "test_random_search_cross_validates"
EXPECT_MESSAGE = "no cross-validation"


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    estimator = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                                batch_size=32, verbose=0, random_state=seed)
    holdout = ShuffleSplit(n_splits=1, test_size=0.25, random_state=seed)
    search = RandomizedSearchCV(estimator, param_distributions, n_iter=n_iter, cv=holdout,
                                random_state=seed, refit=False)
    search.fit(x, y)
    return {"best_params": search.best_params_, "best_score": float(search.best_score_),
            "cv_results": search.cv_results_}
