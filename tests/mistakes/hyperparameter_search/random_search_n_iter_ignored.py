"""random_search always samples 4 candidates: n_iter is not passed on."""
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV

EXPECT_TEST = "test_random_search_samples_n_iter_candidates"
EXPECT_MESSAGE = "n_iter ignored"


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    estimator = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                                batch_size=32, verbose=0, random_state=seed)
    search = RandomizedSearchCV(estimator, param_distributions, n_iter=4, cv=cv,
                                random_state=seed, refit=False)
    search.fit(x, y)
    return {"best_params": search.best_params_, "best_score": float(search.best_score_),
            "cv_results": search.cv_results_}
