"""Rescaling(1/255) put in front of the random layers, as in tutorials whose
pipeline starts from uint8 images: it rescales at inference too."""
EXPECT_TEST = "test_build_augmenter_identity_at_inference"
EXPECT_MESSAGE = "Rescaling"


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.Rescaling(1.0 / 255),
        layers.RandomRotation(rotation, fill_mode="constant", seed=seed),
        layers.RandomTranslation(translation, translation, fill_mode="constant", seed=seed),
        layers.RandomZoom(zoom, fill_mode="constant", seed=seed),
    ])
