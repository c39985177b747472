"""The engine: a from-scratch NumPy network, its trainer and its data.

Nothing in this package may import Qt (a test enforces it), so the engine runs
headless, in the CLI, in tests and in the GUI's worker thread alike.
"""
