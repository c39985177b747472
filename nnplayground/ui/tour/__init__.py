"""The "Learn the article" tour: chapters read from ``resources/tour.toml``, each checked on the real run."""
