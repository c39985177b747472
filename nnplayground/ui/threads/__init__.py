"""The training threads: the chunked worker both trainers share, the main and compare workers, the GUI's
turn-taking and the scikit-learn cross-check runner.
"""
