"""What the boundary view's colours, dots and clicks mean, in the words of its tooltip."""

from __future__ import annotations

from nnplayground.notation.formatting import scale_end
from nnplayground.notation.value_scale import ValueScale


def tooltip(drawing: bool, regression: bool, scale: ValueScale) -> str:
    """How to draw while drawing is on; else what the colours mean, a regression's on its fixed scale."""
    if drawing:
        what = "the value" if regression else "the class"
        text = (
            f"Drawing points: left click adds a point of {what} chosen above, right click removes "
            "the nearest point. Press D or the Draw points button to stop drawing.\n"
            "Drag to pan, scroll to zoom."
        )
    elif regression:
        low, high = scale_end(scale.low), scale_end(scale.high)
        text = (
            f"The network's output over the plane, on a fixed scale from blue ({low}) through white "
            f"to orange ({high}), the targets' range.\nPoints are coloured by their target on the same "
            "scale: dots are training points, diamonds test points. Click a dot "
            "to follow it through the network.\nDrag to pan, scroll to zoom, double-click to fit "
            "the data again."
        )
    else:
        text = (
            "The network's output over the plane: blue means class 0, orange class 1, the black line "
            "is where it is exactly 0.5.\nFilled dots are training points, hollow diamonds test "
            "points. Click a filled dot to follow it through the network.\n"
            "Drag to pan, scroll to zoom, double-click to fit the data again."
        )
    return text
