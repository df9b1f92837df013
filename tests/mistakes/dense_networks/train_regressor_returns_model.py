"""train_regressor returns the trained model instead of the History that
model.fit returns."""
import tensorflow as tf

EXPECT_TEST = "test_train_regressor_returns_the_history"
EXPECT_MESSAGE = "expected a keras.callbacks.History"


def train_regressor(model, x_train, y_train):
    data = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(len(x_train))
    model.fit(data.batch(32).repeat(10), epochs=10, verbose=0)
    return model
