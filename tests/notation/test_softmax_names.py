"""A softmax output's K units get their own names and w-numbers, none shared by two edges."""

from __future__ import annotations

from nnplayground.notation import config_words, network_names
from nnplayground.notation.network_names import ParameterRef


def test_output_nodes_are_ao1_to_aok_and_each_weight_has_its_own_number():
    sizes = (2, 4, 3)
    assert network_names.node_names(sizes)[-1] == ["ao1", "ao2", "ao3"]
    numbers = [network_names.short_name(sizes, ParameterRef(1, j, k)) for k in range(3) for j in range(4)]
    assert numbers == [f"w{n}" for n in range(9, 21)], "node by node, as the article numbers the hidden layer"
    assert config_words.diagram_title(sizes).startswith("2-4-3 network (w1…w20")
    assert network_names.short_name((2, 4, 1), ParameterRef(1, 3, 0)) == "w12", "the article's own unchanged"


def test_deeper_and_perceptron_softmax_outputs_are_named_as_the_code_indexes_them():
    assert network_names.node_names((2, 16, 16, 3))[-1] == ["ao[0]", "ao[1]", "ao[2]"]
    assert network_names.node_names((2, 3))[-1] == ["ao1", "ao2", "ao3"]
    assert network_names.neuron_title((2, 16, 16, 3), 3, 2) == "ao[2] (output 3: P(class 2))"
    assert network_names.layer_titles((2, 4, 3))[-1] == "output: ao = softmax(zo)"
