"""build_next_word_model hard-codes an 8-wide embedding and 32 LSTM units."""
import keras
from keras import layers

EXPECT_TEST = "test_build_next_word_model_loss_and_arguments"
EXPECT_MESSAGE = "embed_dim ignored"


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = keras.Sequential([
        keras.Input(shape=(context_len,)),
        layers.Embedding(vocab_size, 8),
        layers.LSTM(32),
        layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
