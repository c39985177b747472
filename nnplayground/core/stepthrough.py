"""One epoch of training, cut into the phases the article walks through, with every value.

``walk_through(trainer)`` computes the phases for the trainer's current
weights without touching the trainer: the feed-forward and back-propagation
terms come from ``Network.forward``/``backward`` on the full training set
(the same arithmetic the trainer uses, bit for bit), and the weights after the
update come from a clone of the trainer that runs the real epoch — so the
update phase shows exactly what an ordinary Step produces, optimiser, batches,
article quirks and all. The caller commits the epoch with ``trainer.train(1)``
when the learner moves past the update.

Names follow the article: its Part 2 names (``zh, ah, zo, ao, dcost_dao, …``)
for one hidden layer, its Part 1 names (``XW, z, error, dcost_dpred, dpred_dz,
z_delta``) for the perceptron, and ``z1, a1, …`` layer by layer for deeper nets.
``article_names.family`` says which a network gets; a softmax output has phases of its own
(``layered_phases``), whatever its depth. The phases themselves
are built in ``article_phases`` (Parts 1 and 2) and ``layered_phases``.
"""

from __future__ import annotations

from nnplayground.core.article_names import family
from nnplayground.core.article_phases import article_phases, perceptron_phases
from nnplayground.core.layered_phases import layered_phases
from nnplayground.core.phases import Walkthrough
from nnplayground.core.trainer import Trainer


def walk_through(trainer: Trainer) -> Walkthrough:
    network = trainer.state().network
    X, y = trainer.inputs, trainer.labels
    forward = network.forward(X)
    gradients = network.backward(forward, y, trainer.config.loss)
    clone = trainer.clone()
    clone.train(1)
    after = clone.network
    kind = family(network.layer_sizes)
    if network.softmax_output:
        phases = layered_phases(network, forward, gradients, y, trainer, after)
    elif kind == "one hidden layer":
        phases = article_phases(network, forward, gradients, y, trainer, after)
    elif kind == "perceptron":
        phases = perceptron_phases(network, forward, gradients, y, trainer, after)
    else:
        phases = layered_phases(network, forward, gradients, y, trainer, after)
    return Walkthrough(trainer.epoch, tuple(phases), tuple(after.weights), tuple(after.biases))
