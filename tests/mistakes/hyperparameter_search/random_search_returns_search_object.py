"""random_search returns the fitted RandomizedSearchCV object instead of the dict."""
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import RandomizedSearchCV

EXPECT_TEST = "test_random_search_returns_the_best_candidate"
EXPECT_MESSAGE = "not the search object"


def random_search(x, y, param_distributions, n_iter=4, cv=3, seed=0):
    estimator = KerasClassifier(model=create_model, model__n_features=x.shape[1], epochs=2,
                                batch_size=32, verbose=0, random_state=seed)
    search = RandomizedSearchCV(estimator, param_distributions, n_iter=n_iter, cv=cv,
                                random_state=seed, refit=False)
    return search.fit(x, y)
