"""make_sequences steps seq_len words at a time: the windows do not overlap."""
EXPECT_TEST = "test_make_sequences"
EXPECT_MESSAGE = "do not overlap"


def make_sequences(text, seq_len):
    words = text.split()
    return [" ".join(words[i:i + seq_len]) for i in range(0, len(words) - seq_len + 1, seq_len)]
