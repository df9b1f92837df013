"""StopAtThreshold sets self.stop_training (an attribute of the callback that
fit never reads) instead of self.model.stop_training."""
import keras

EXPECT_TEST = "test_stop_at_threshold_stops_at_first_epoch_reaching_threshold"
EXPECT_MESSAGE = "self.model.stop_training"


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor, self.threshold, self.stopped_epoch = monitor, threshold, 0

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is not None and value >= self.threshold:
            self.stopped_epoch = epoch
            self.stop_training = True
