"""The run as the window drives it, without Qt: the frames the training thread publishes, the step-through
session, the gradient report and the hidden-layer switch's memory.
"""
