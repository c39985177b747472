"""One training point's share of one weight's batch gradient: the sum the article's ``dot`` hides.

The article's ``dcost_wo = np.dot(dzo_dwo.T, dcost_dzo)`` is, entry by
entry, a sum over the samples: ``dcost_wo[i, j] = Σ_s ah[s, i] · dcost_dzo[s, j]``.
Every layer's weight gradient has that form (``Network.backward``:
``layer_input.T · dcost_dz``), so the share of sample ``s`` in ``W[l][i, j]``
is ``layer_input[s, i] · dcost_dz[l][s, j]`` and in bias ``b[l][j]`` it is
``dcost_dz[l][s, j]`` (the bias's input is a constant 1). The factors come
from the engine's own ``Gradients``, so the article perceptron's quirk
(σ′ taken of ``z`` rather than ``XW``) is in them exactly as the engine
computes it: its shares sum to the update term it subtracts, not to the
cost's true gradient. L1/L2 penalties are not a sum over samples and are
left out, as they are from the gradient the diagram shows.

How exactly the shares add up to the batch gradient: not bit for bit. BLAS
sums ``layer_input.T · dcost_dz`` in its own blocked order, with fused
multiply-adds, which no order of summing the separately rounded products
reproduces. ``SampleShares.total`` is their correctly rounded sum
(``math.fsum``), and it agrees with the engine's gradient to within
``SUM_TOLERANCE`` (1e-12 in float64, the default) times ``Σ|share|``: a sum
whose terms cancel can have a tiny result, so the bound is relative to the
size of what is summed, not to the result (the tests check both where the
result is not itself tiny).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnplayground.core.network import Gradients, Network
from nnplayground.notation.network_names import ParameterRef

# |Σ shares − batch gradient| ≤ tolerance · Σ|share|, by the training dtype.
SUM_TOLERANCE = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 1e-5}


@dataclass(frozen=True)
class SampleShares:
    """Each training sample's share (in data order) of parameter ``ref``'s batch ``gradient``."""

    ref: ParameterRef
    shares: np.ndarray
    gradient: float

    @property
    def total(self) -> float:
        """The shares' sum, correctly rounded (within ``SUM_TOLERANCE`` of ``gradient``)."""
        return math.fsum(self.shares.tolist())

    @property
    def magnitude(self) -> float:
        """Σ|share|: the scale ``SUM_TOLERANCE`` is relative to."""
        return math.fsum(np.abs(self.shares).tolist())

    @property
    def tolerance(self) -> float:
        return SUM_TOLERANCE.get(self.shares.dtype, 1e-5) * self.magnitude


def layer_input(network: Network, inputs: np.ndarray, layer: int) -> np.ndarray:
    """What weight layer ``layer`` multiplies: the inputs, or the activation below it.

    ``Network.forward``'s operations, stopped below ``layer``, so the values
    are the ones the engine's backward pass multiplied.
    """
    a = inputs
    for W, b, activation in list(zip(network.weights, network.biases, network.layer_activations))[:layer]:
        z = np.dot(a, W)
        if b is not None:
            z = z + b
        a = activation.value(z)
    return a


def sample_shares(below: np.ndarray, gradients: Gradients, ref: ParameterRef) -> SampleShares:
    """Shares of ``ref`` from its layer's input ``below`` (see ``layer_input``) and the engine's gradients."""
    dcost_dz = gradients.dcost_dz[ref.layer][:, ref.column]
    if ref.is_bias:
        bias = gradients.biases[ref.layer]
        if bias is None:
            raise ValueError("this layer has no bias")
        return SampleShares(ref, dcost_dz.copy(), float(bias[ref.column]))
    shares = below[:, ref.row] * dcost_dz
    return SampleShares(ref, shares, float(gradients.weights[ref.layer][ref.row, ref.column]))


def shares_of(network: Network, inputs: np.ndarray, gradients: Gradients, ref: ParameterRef) -> SampleShares:
    """``ref``'s shares for ``network`` on ``inputs`` (the points ``gradients`` was computed on)."""
    inputs = np.asarray(inputs, dtype=network.weights[0].dtype)
    below = inputs if ref.is_bias else layer_input(network, inputs, ref.layer)
    return sample_shares(below, gradients, ref)
