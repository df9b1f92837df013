"""random_search seeds the sampler (RandomizedSearchCV's random_state) but not
Keras: the initial weights, so the scores, change from call to call."""
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV

EXPECT_TEST = "test_random_search_is_reproducible"
EXPECT_MESSAGE = "not seeded"


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    estimator = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                                batch_size=32, verbose=0)
    search = RandomizedSearchCV(estimator, param_distributions, n_iter=n_iter, cv=cv,
                                random_state=seed, refit=False)
    search.fit(x, y)
    return {"best_params": search.best_params_, "best_score": float(search.best_score_),
            "cv_results": search.cv_results_}
