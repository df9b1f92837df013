"""StopAtThreshold always compares with 0.9, whatever threshold it was given."""
import keras

EXPECT_TEST = "test_stop_at_threshold_stops_at_first_epoch_reaching_threshold"
EXPECT_MESSAGE = "threshold argument is ignored"


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor, self.stopped_epoch = monitor, 0

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is not None and value >= 0.9:
            self.stopped_epoch = epoch
            self.model.stop_training = True
