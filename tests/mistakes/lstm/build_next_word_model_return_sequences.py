"""build_next_word_model keeps return_sequences=True: one prediction per step."""
import keras
from keras import layers

EXPECT_TEST = "test_build_next_word_model_structure"
EXPECT_MESSAGE = "return_sequences=True"


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = keras.Sequential([
        keras.Input(shape=(context_len,)),
        layers.Embedding(vocab_size, embed_dim),
        layers.LSTM(units, return_sequences=True),
        layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
