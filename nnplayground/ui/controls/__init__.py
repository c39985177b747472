"""The control panel: one module per group of controls, and the panel that lays them out."""
