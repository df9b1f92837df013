"""random_search passes model__n_features=4 (the public check's data) instead of
x.shape[1]: the models cannot take the grader's 5 features."""
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV

EXPECT_TEST = "test_random_search_hyperparameters_reach_create_model"
EXPECT_MESSAGE = "model__n_features=x.shape[1]"


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    estimator = KerasClassifier(model=create_model, model__n_features=4, epochs=2,
                                batch_size=32, verbose=0, random_state=seed)
    search = RandomizedSearchCV(estimator, param_distributions, n_iter=n_iter, cv=cv,
                                random_state=seed, refit=False)
    search.fit(x, y)
    return {"best_params": search.best_params_, "best_score": float(search.best_score_),
            "cv_results": search.cv_results_}
