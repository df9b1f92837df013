"""build_next_word_model compiles with categorical_crossentropy, which needs one-hot
targets; encode gives integer ids."""
import keras
from keras import layers

EXPECT_TEST = "test_build_next_word_model_loss_and_arguments"
EXPECT_MESSAGE = "sparse_categorical_crossentropy"


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = keras.Sequential([
        keras.Input(shape=(context_len,)),
        layers.Embedding(vocab_size, embed_dim),
        layers.LSTM(units),
        layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model
