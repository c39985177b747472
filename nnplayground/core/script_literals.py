"""How an exported script holds exact numbers: literals that round-trip every bit, or packed when large.

Kept apart from the loops the script runs so both stay readable: this module
only knows how to write an array so the script rebuilds it bit for bit.
"""

from __future__ import annotations

import base64
import zlib

import numpy as np

# Arrays with more numbers than this are packed rather than written out one number at a time.
LITERAL_LIMIT = 2_000

UNPACK_CODE = '''\
def unpack(text, shape):
    """Exact float64 numbers, zlib-compressed and base64-encoded to keep this file small."""
    return np.frombuffer(zlib.decompress(base64.b64decode(text)), dtype="<f8").reshape(shape)
'''


class ScriptArrays:
    """Writes arrays as exact Python expressions and remembers whether any needed ``unpack``."""

    def __init__(self) -> None:
        self.packed = False

    def __call__(self, array: np.ndarray) -> str:
        array = np.asarray(array, dtype=np.float64)
        if array.size > LITERAL_LIMIT:
            self.packed = True
            text = base64.b64encode(zlib.compress(array.astype("<f8").tobytes(), 9)).decode("ascii")
            chunks = "\n".join(f'    "{text[i : i + 96]}"' for i in range(0, len(text), 96))
            return f"unpack(\n{chunks},\n    {array.shape!r},\n)"
        if array.ndim == 1:
            return "np.array([" + ", ".join(repr(float(v)) for v in array) + "])"
        # ``repr`` of a float64 round-trips every bit.
        rows = ",\n    ".join(
            "[" + ", ".join(repr(float(v)) for v in row) + "]" for row in np.atleast_2d(array)
        )
        return f"np.array([\n    {rows},\n])"
