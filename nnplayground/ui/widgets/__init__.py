"""Small Qt building blocks every feature folder may use: spin boxes, widget factories, labels, layouts,
the heat-map item, plot style, equations' rendering and the app's resources.
"""
