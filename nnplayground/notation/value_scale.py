"""Where a value sits on the colour maps: fixed ends, so a colour means the same value all run long.

Classification maps the output 0..1 straight onto the class colours. For
regression the ends are the targets' range, taken once from the data: a
scale that followed each frame's outputs would repaint the whole plane as
the network learns and make "orange" mean a different number every frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# A constant target (say, every drawn point 0.5) still needs a scale with some width.
_FLAT_HALF_WIDTH = 0.5


@dataclass(frozen=True)
class ValueScale:
    low: float
    high: float

    @classmethod
    def of_targets(cls, targets: np.ndarray) -> ValueScale:
        """The targets' range — symmetric about 0 when it spans 0, so white means 0 and blue and
        orange mean equally large values of either sign; a constant target set gets some width."""
        finite = targets[np.isfinite(targets)]
        if not finite.size:
            return CLASS_SCALE
        low, high = float(finite.min()), float(finite.max())
        if high - low < 1e-12:
            return cls(low - _FLAT_HALF_WIDTH, high + _FLAT_HALF_WIDTH)
        if low < 0 < high:
            reach = max(-low, high)
            return cls(-reach, reach)
        return cls(low, high)

    def position(self, values: np.ndarray) -> np.ndarray:
        """0 at ``low``, 1 at ``high``, clipped; a value that is not a number sits in the (neutral) middle."""
        with np.errstate(all="ignore"):
            position = (np.asarray(values, dtype=np.float64) - self.low) / (self.high - self.low)
        return np.clip(np.nan_to_num(position, nan=0.5), 0.0, 1.0)


CLASS_SCALE = ValueScale(0.0, 1.0)
