"""scale_features standardises x_test with its own mean and std (as if
calling StandardScaler().fit_transform on each set separately)."""
import numpy as np

EXPECT_TEST = "test_scale_features_uses_train_statistics_only"
EXPECT_MESSAGE = "x_test scaled with its own mean and std"


def _standardise(x):
    x = np.asarray(x, dtype=np.float64)
    std = x.std(axis=0)
    return (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)


def scale_features(x_train, x_test):
    return _standardise(x_train), _standardise(x_test)
