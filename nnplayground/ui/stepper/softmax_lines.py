"""What a softmax output's terms mean for the followed sample, written out beside its values.

Qt-free. The phases show each term's row for the sample; for a softmax
output three rows say more with one more line: the K probabilities ``ao``
add up to 1 (shown, at display precision), ``error_out`` is ``−log`` of the
probability of the sample's own class, and ``dcost_dzo`` is ``ao −
labels_one_hot`` — entry by entry, the class's probability less 1 in the
label's column and the probability itself elsewhere. That is the softmax's
K×K Jacobian multiplied into the cross-entropy's derivative, which the
engine never forms: the two together leave this difference.
"""

from __future__ import annotations

import math

import numpy as np

from nnplayground.core.phases import Term
from nnplayground.notation.formatting import MINUS, format_value

JACOBIAN_NOTE = (
    "softmax's K×K Jacobian times the cross-entropy's derivative: every term but one cancels, "
    "leaving each probability less 1 in the label's column"
)


def _row(term: Term, sample: int) -> np.ndarray:
    return np.atleast_1d(term.value[sample]).astype(np.float64)


def softmax_note(term: Term, sample: int | None, walk_terms: dict[str, Term]) -> str:
    """The line added after ``term``'s row for ``sample`` (plain text), or "" where there is none."""
    if sample is None or sample < 0 or sample >= len(term.value):
        return ""
    if term.name == "ao":
        return (
            f"Σ = {format_value(float(_row(term, sample).sum()))}   (the {term.value.shape[1]} probabilities)"
        )
    if term.name == "error_out":
        probability = math.exp(-float(_row(term, sample)[0]))
        return f"= {MINUS}log {format_value(probability)}, the probability given to its own class"
    if term.name == "dcost_dzo" and {"ao", "labels_one_hot"} <= set(walk_terms):
        ao, target = _row(walk_terms["ao"], sample), _row(walk_terms["labels_one_hot"], sample)
        pieces = [f"{format_value(float(p))} {MINUS} {format_value(float(t))}" for p, t in zip(ao, target)]
        return "= ao − labels_one_hot = [" + ", ".join(pieces) + "]"
    return ""
