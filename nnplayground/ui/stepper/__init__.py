"""The step-through panel: every chain-rule term of one epoch, as the article writes it."""
