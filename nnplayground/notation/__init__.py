"""How the article names, numbers and draws things: parameter names, the one number formatter, a
configuration in words, colours, the diagram's geometry and label placement, contours and equations.
Qt-free, so it is tested without a QApplication.
"""
