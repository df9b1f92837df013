"""scale_features divides by the sample standard deviation (ddof=1, as
pandas' DataFrame.std does), not the population one StandardScaler uses."""
import numpy as np

EXPECT_TEST = "test_scale_features_uses_train_statistics_only"
EXPECT_MESSAGE = "ddof=1"


def scale_features(x_train, x_test):
    x_train = np.asarray(x_train, dtype=np.float64)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0, ddof=1)
    std = np.where(std > 0, std, 1.0)
    return (x_train - mean) / std, (np.asarray(x_test) - mean) / std
