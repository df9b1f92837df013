"""predict_classes calls the removed Sequential.predict_classes of Keras 2."""
EXPECT_TEST = "test_predict_classes"
EXPECT_MESSAGE = "has no attribute 'predict_classes'"


def predict_classes(model, x):
    return model.predict_classes(x)
