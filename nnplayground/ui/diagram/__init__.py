"""The network diagram: its view, painter, neuron thumbnails, hover popup and weight editor."""
