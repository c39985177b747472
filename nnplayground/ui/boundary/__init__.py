"""The decision-boundary plot: the view, its points' styles and the point-drawing tool."""
