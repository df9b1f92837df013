"""StopAtThreshold is a plain class with an on_epoch_end method, not a
keras.callbacks.Callback subclass."""

EXPECT_TEST = "test_stop_at_threshold_is_a_keras_callback"
EXPECT_MESSAGE = "not a keras.callbacks.Callback"


class StopAtThreshold:
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        self.monitor, self.threshold, self.stopped_epoch = monitor, threshold, 0
        self.model = None

    def set_model(self, model):
        self.model = model

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is not None and value >= self.threshold:
            self.stopped_epoch = epoch
            self.model.stop_training = True
