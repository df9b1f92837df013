"""random_search wraps create_model in a builder that takes the searched
arguments (**kwargs) and ignores them: every candidate trains the default
network."""
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV

EXPECT_TEST = "test_random_search_hyperparameters_reach_create_model"
EXPECT_MESSAGE = "did not reach create_model"


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    def build(**kwargs):
        return create_model(x.shape[1])

    estimator = KerasClassifier(model=build, epochs=2, batch_size=32, verbose=0,
                                random_state=seed)
    search = RandomizedSearchCV(estimator, param_distributions, n_iter=n_iter, cv=cv,
                                random_state=seed, refit=False)
    search.fit(x, y)
    return {"best_params": search.best_params_, "best_score": float(search.best_score_),
            "cv_results": search.cv_results_}
