"""The Qt front end: a main window that draws snapshots a worker thread publishes.

Everything Qt lives here; the engine in ``nnplayground.core`` never imports it.
"""
