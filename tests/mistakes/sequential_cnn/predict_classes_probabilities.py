"""predict_classes returns model.predict's probabilities instead of the classes."""
EXPECT_TEST = "test_predict_classes"
EXPECT_MESSAGE = "returned the probabilities"


def predict_classes(model, x):
    return model.predict(x, verbose=0)
