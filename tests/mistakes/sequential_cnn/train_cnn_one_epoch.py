"""train_cnn stops after one epoch: far too little training."""
EXPECT_TEST = "test_train_cnn_held_out_accuracy"
EXPECT_MESSAGE = "too few epochs"


def train_cnn(model, x_train, y_train):
    return model.fit(x_train, y_train, epochs=1, batch_size=32, verbose=0)
