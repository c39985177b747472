"""nnplayground: watch a from-scratch NumPy network learn the moons, live."""

__version__ = "0.1.0"
