"""Embedding counted like a Dense layer, with a bias per output dimension."""
EXPECT_TEST = "test_embedding_params_matches_keras_lookup_table_without_bias"
EXPECT_MESSAGE = "embedding given a bias"


def embedding_params(input_dim, output_dim):
    return input_dim * output_dim + output_dim
