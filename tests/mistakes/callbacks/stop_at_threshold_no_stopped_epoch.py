"""StopAtThreshold stops training but never records stopped_epoch."""
import keras

EXPECT_TEST = "test_stop_at_threshold_records_stopped_epoch"
EXPECT_MESSAGE = "stopped_epoch not recorded"


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor, self.threshold = monitor, threshold

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is not None and value >= self.threshold:
            self.model.stop_training = True
