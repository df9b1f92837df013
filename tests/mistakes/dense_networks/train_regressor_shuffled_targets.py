"""train_regressor shuffles the features and the targets separately ("to
randomise the order"), so every row gets another patient's target: the
model learns nothing but the mean."""
import numpy as np
import tensorflow as tf

EXPECT_TEST = "test_train_regressor_held_out_mae"
EXPECT_MESSAGE = "held-out mean absolute error"


def train_regressor(model, x_train, y_train):
    rng = np.random.default_rng(0)
    x = rng.permutation(np.asarray(x_train, dtype=np.float32))
    y = rng.permutation(np.asarray(y_train, dtype=np.float32))
    data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x)).batch(32).repeat(10)
    return model.fit(data, epochs=10, verbose=0)
