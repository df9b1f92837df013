"""random_search uses GridSearchCV, which evaluates every combination instead of
n_iter sampled ones."""
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import GridSearchCV

EXPECT_TEST = "test_random_search_samples_n_iter_candidates"
EXPECT_MESSAGE = "GridSearchCV"


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    estimator = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                                batch_size=32, verbose=0, random_state=seed)
    search = GridSearchCV(estimator, param_distributions, cv=cv, refit=False)
    search.fit(x, y)
    return {"best_params": search.best_params_, "best_score": float(search.best_score_),
            "cv_results": search.cv_results_}
