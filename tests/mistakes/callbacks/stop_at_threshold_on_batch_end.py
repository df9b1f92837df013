"""StopAtThreshold checks after every batch (on_batch_end): the val_ metrics
never appear there, and a training metric stops fit in the middle of an epoch."""
import keras

EXPECT_TEST = "test_stop_at_threshold_stops_at_first_epoch_reaching_threshold"
EXPECT_MESSAGE = "on_train_batch_end / on_batch_end"


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor, self.threshold, self.stopped_epoch = monitor, threshold, 0
        self.epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_batch_end(self, batch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is not None and value >= self.threshold:
            self.stopped_epoch = self.epoch
            self.model.stop_training = True
