"""StopAtThreshold reads logs[self.monitor]: a KeyError on epochs without
validation (validation_freq) or for a metric the model does not compute."""
import keras

EXPECT_TEST = "test_stop_at_threshold_missing_key_and_never_reached"
EXPECT_MESSAGE = "logs.get(self.monitor)"


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor, self.threshold, self.stopped_epoch = monitor, threshold, 0

    def on_epoch_end(self, epoch, logs=None):
        if logs[self.monitor] >= self.threshold:
            self.stopped_epoch = epoch
            self.model.stop_training = True
