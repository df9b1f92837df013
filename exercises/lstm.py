# Exercise lstm: replace each `raise NotImplementedError` with your code,
# then check it with `dlkit check lstm`.
# (Generated from solutions/lstm.py by `dlkit build`.)
"""LSTMs for next-word prediction and forecasting.

An LSTM reads a sequence one step at a time and carries two vectors from
step to step: the hidden state ``h`` (its output) and the cell state ``c``
(its memory). In this topic you use one twice: to predict the next word of a
sentence from the words before it (the classic "Embedding + LSTM" language
model), and to forecast the next value of a time series. In between you
compute one LSTM step by hand, to see what the layer does with its weights.

Load the data for your own experiments with::

    from dlkit import datasets
    text = datasets.load("corpus")      # 2000 short sentences, one per line (a str)
    series = datasets.load("seasonal")  # 480 monthly values: trend + 12-step season + noise

``datasets.load`` gives the *training* split only. The graders measure your
models on held-out sentences and on the series' continuation, which your code
never sees.

Next-word prediction, in the order you would use the functions:

1. ``make_sequences``: cut the text into overlapping pieces of ``seq_len``
   words (a sliding window, one word at a time, across line ends).
2. ``build_vectorizer``: a ``keras.layers.TextVectorization`` adapted on those
   pieces: it lower-cases, strips punctuation and gives every word an integer
   id (0 is padding, 1 is ``[UNK]``, an unknown word; the most frequent word
   is 2).
3. ``encode``: the pieces as ids; the first ``seq_len - 1`` ids of each piece
   are the input (the context), the last id the target.
4. ``build_next_word_model``: ``Embedding`` -> ``LSTM`` -> ``Dense`` softmax
   over the vocabulary, compiled for integer targets. The graders train it
   themselves on the corpus (2 epochs, batch 256, your compiled optimizer)
   and require a held-out next-word accuracy of at least **0.35**, well above
   always guessing the most frequent word ("the", about 0.2; the reference
   gets about 0.48), so give it a learning rate that learns fast.
5. ``predict_next_word``: the most probable next word for a context.

Inside the LSTM: ``lstm_step`` computes one step of ``keras.layers.LSTM`` in
NumPy from the layer's own weights.

Forecasting:

6. ``make_windows``: turn a series into (window, next value) pairs.
7. ``build_forecaster``: a compiled LSTM regressor for such windows. The
   graders standardise the ``seasonal`` train split with its own mean and
   standard deviation (``z = (s - mean) / std``), cut it into windows of 12
   steps, train your compiled model on them (10 epochs, batch 32, your
   compiled optimizer) and compare its mean absolute error on the held-out
   continuation with the naive forecast "the next value equals the last one":
   it must be at most **0.75 times** the naive forecast's (the reference gets
   0.29-0.53 times).
   The standardised values run from about -2.5 to 3, so the output must be able
   to reach negative values (a linear ``Dense(1)``).

Older tutorials use names that current Keras removed; here is what to use
instead:

- ``keras.preprocessing.text.Tokenizer`` with ``fit_on_texts`` and
  ``texts_to_sequences`` is now ``keras.layers.TextVectorization`` with
  ``adapt`` and calling the layer on a list of strings; ``tokenizer.word_index``
  is ``vectorizer.get_vocabulary()`` (a list: the id is the position);
- ``keras.preprocessing.sequence.pad_sequences`` is ``keras.utils.pad_sequences``;
- ``Embedding(vocab_size, dim, input_length=n)``: ``input_length`` is gone,
  start the model with ``keras.Input(shape=(n,))`` instead;
- ``CuDNNLSTM`` is gone: ``LSTM`` uses cuDNN by itself on a GPU;
- Keras 2's ``LSTM`` once defaulted to ``recurrent_activation="hard_sigmoid"``;
  today's default is ``"sigmoid"``;
- ``model.predict_classes(x)`` is ``np.argmax(model.predict(x), axis=-1)``;
- ``TimeseriesGenerator`` is ``keras.utils.timeseries_dataset_from_array``
  (or windows built by hand, as in ``make_windows``).

Use only built-in Keras layers (no ``Lambda`` layers or custom classes): the
graders load your models from ``.keras`` files with ``safe_mode=True``.
"""

import keras
import numpy as np
from keras import layers


def make_sequences(text, seq_len):
    """Every run of ``seq_len`` consecutive words of ``text``, in order.

    Split ``text`` into words on any whitespace (spaces, tabs, newlines:
    ``text.split()``), then slide a window of ``seq_len`` words over them one
    word at a time. Line ends do not stop the window: the text is one stream
    of words. Words are kept exactly as written (no lower-casing; the
    vectorizer does that later).

    Args:
        text: a string.
        seq_len: the number of words per sequence, at least 1.

    Returns:
        A list of ``len(words) - seq_len + 1`` strings, each ``seq_len`` words
        joined by single spaces; the empty list when the text has fewer than
        ``seq_len`` words. Example: ``make_sequences("a b c d", 3)`` is
        ``["a b c", "b c d"]``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("make_sequences is not implemented yet")


def build_vectorizer(lines):
    """A ``keras.layers.TextVectorization`` adapted on ``lines``.

    Keep Keras's defaults: standardisation ``"lower_and_strip_punctuation"``,
    split on whitespace, ``output_mode="int"``, no ``max_tokens``. After
    ``adapt(lines)`` its vocabulary (``get_vocabulary()``) is ``""`` (padding,
    id 0), ``"[UNK]"`` (unknown words, id 1) and then every word of the lines
    from the most to the least frequent; the graders compare it with the
    vocabulary of their own vectorizer adapted on the same lines.

    Args:
        lines: a list of strings.

    Returns:
        The adapted layer.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_vectorizer is not implemented yet")


def encode(lines, vectorizer):
    """Inputs and targets for next-word prediction.

    Args:
        lines: a list of ``N`` strings that all have the same number of words,
            ``seq_len`` (from ``make_sequences``).
        vectorizer: an adapted ``TextVectorization`` (use this one: its ids
            are the ones the model is trained with).

    Returns:
        ``(x, y)``: ``x`` an int array ``(N, seq_len - 1)`` holding the ids of
        every word but the last of each line, ``y`` an int array ``(N,)``
        holding the id of the last word (the integer target that
        ``sparse_categorical_crossentropy`` expects, not one-hot rows).
    """
    # YOUR CODE HERE
    raise NotImplementedError("encode is not implemented yet")


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    """A compiled next-word model: Embedding -> LSTM -> Dense softmax.

    Args:
        vocab_size: the number of word ids (the vectorizer's vocabulary size,
            padding and ``[UNK]`` included).
        context_len: the number of ids per input (``seq_len - 1``).
        embed_dim: the length of each word's embedding vector.
        units: the LSTM's number of units.

    Returns:
        A ``keras.Sequential`` made of exactly these layers:
        ``keras.Input(shape=(context_len,))``, ``Embedding(vocab_size,
        embed_dim)``, ``LSTM(units)`` (its last hidden state only, no
        ``return_sequences``) and ``Dense(vocab_size, activation="softmax")``;
        so it holds ``vocab_size * embed_dim + 4 * (units * (embed_dim + units)
        + units) + units * vocab_size + vocab_size`` parameters. Compile it
        with ``loss="sparse_categorical_crossentropy"`` (the targets are
        integer ids), ``metrics=["accuracy"]`` and
        ``keras.optimizers.Adam(learning_rate=0.01)``: the graders train it for
        only 2 epochs, in which Adam's default 0.001 learns next to nothing.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_next_word_model is not implemented yet")


def predict_next_word(model, vectorizer, context):
    """The most probable next word after ``context``.

    Args:
        model: a next-word model whose input is ``(None, context_len)`` ids
            (read ``context_len`` from ``model.input_shape``).
        vectorizer: the ``TextVectorization`` whose ids the model was trained
            with.
        context: a string of words (any case and punctuation: the vectorizer
            standardises it).

    Returns:
        A word (``str``) of the vectorizer's vocabulary. Vectorise the
        context and keep its *last* ``context_len`` ids; if it has fewer,
        put 0s (padding) in front of them (``keras.utils.pad_sequences``'s
        default ``padding="pre"``). Take the model's softmax for that one
        input and return the vocabulary word with the highest probability,
        leaving out ids 0 (``""``, padding) and 1 (``"[UNK]"``): a word
        predictor must never answer with padding or "unknown word".
    """
    # YOUR CODE HERE
    raise NotImplementedError("predict_next_word is not implemented yet")


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """One step of ``keras.layers.LSTM`` in NumPy, with the layer's weights.

    Keras stores the four gates side by side in the columns of its weights,
    in the order input ``i``, forget ``f``, cell candidate ``g``, output
    ``o`` (each ``units`` columns wide)::

        z = x_t @ kernel + h_prev @ recurrent_kernel + bias
        i, f, g, o = the four column blocks of z
        i, f, o = sigmoid(i), sigmoid(f), sigmoid(o)   # the gates
        g = tanh(g)                                    # the candidate
        c = f * c_prev + i * g
        h = o * tanh(c)

    (``sigmoid`` is ``1 / (1 + exp(-x))``, Keras's default
    ``recurrent_activation``; very old Keras used ``hard_sigmoid``.)

    Args:
        x_t: the input at this step, ``(batch, input_dim)`` or a single
            vector ``(input_dim,)``.
        h_prev, c_prev: the previous hidden and cell states, ``(batch,
            units)`` or ``(units,)`` like ``x_t``.
        kernel: ``(input_dim, 4 * units)``, the layer's first weight.
        recurrent_kernel: ``(units, 4 * units)``, its second weight.
        bias: ``(4 * units,)``, its third weight.

    Returns:
        ``(h, c)``, the new hidden and cell states, each shaped like
        ``h_prev``: equal (to float32 precision) to what
        ``keras.layers.LSTM(units, return_state=True)`` with these weights
        returns for a one-step sequence and ``initial_state=[h_prev, c_prev]``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("lstm_step is not implemented yet")


def make_windows(series, window):
    """Supervised pairs from a series: each ``window`` values and the next one.

    Args:
        series: a 1-D array (or list) of ``T`` numbers.
        window: the number of past values the model sees.

    Returns:
        ``(x, y)``, both float32: ``x`` of shape ``(N, window, 1)`` with
        ``x[i, :, 0] = series[i:i + window]`` (the trailing axis is the one
        feature an LSTM input needs), ``y`` of shape ``(N,)`` with
        ``y[i] = series[i + window]``, the value right after the window, and
        ``N = T - window`` (every window that has a next value). When
        ``T <= window`` there is none: ``x`` has shape ``(0, window, 1)`` and
        ``y`` shape ``(0,)``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("make_windows is not implemented yet")


def build_forecaster(window):
    """A compiled LSTM model that predicts the next value of a series.

    Args:
        window: the number of past values per input.

    Returns:
        A compiled ``keras.Sequential``: ``keras.Input(shape=(window, 1))``, an
        ``LSTM`` layer (its last hidden state), and a linear ``Dense(1)``
        output, so that it maps ``(batch, window, 1)`` to ``(batch, 1)``.
        Compile it for regression: ``loss="mse"`` (or ``"mae"``), e.g. with
        ``keras.optimizers.Adam(learning_rate=0.01)``; the graders train it
        for 10 epochs of batch 32 on about 470 windows.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_forecaster is not implemented yet")
