"""build_next_word_model compiles with optimizer="adam" (learning rate 0.001): in the
graders' 2 epochs it learns only to guess the most frequent word."""
import keras
from keras import layers

EXPECT_TEST = "test_next_word_model_learns"
EXPECT_MESSAGE = "learning rate"


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = keras.Sequential([
        keras.Input(shape=(context_len,)),
        layers.Embedding(vocab_size, embed_dim),
        layers.LSTM(units),
        layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
