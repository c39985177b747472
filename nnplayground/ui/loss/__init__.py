"""The loss plot, alone and in compare mode."""
