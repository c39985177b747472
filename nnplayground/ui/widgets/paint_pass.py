"""How long a slow view waits after a frame before it repaints, so that it gets a paint pass of its own.

Qt paints every widget a frame touched in one pass, on one UpdateRequest to the
window: on 100 000 points the boundary's, the loss plot's (15–35 ms) and a
64-unit diagram's (25–45 ms) repaints made that pass 60–70 ms, a window that
answered nothing for as long. Started this much later, a view's repaint comes
after the frame's pass (Qt's own update timer is 5 ms) and the window answers
in between.
"""

OWN_PASS_MS = 20
