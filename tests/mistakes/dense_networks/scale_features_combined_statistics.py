"""scale_features computes the mean and std on x_train and x_test stacked
together: the test set leaks into the preprocessing."""
import numpy as np

EXPECT_TEST = "test_scale_features_uses_train_statistics_only"
EXPECT_MESSAGE = "combined (leakage)"


def scale_features(x_train, x_test):
    both = np.concatenate([x_train, x_test]).astype(np.float64)
    mean, std = both.mean(axis=0), both.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (x_train - mean) / std, (x_test - mean) / std
