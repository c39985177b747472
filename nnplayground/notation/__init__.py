"""How the article names, numbers and draws things: parameter names, the one number formatter, colours,
the diagram's geometry, contours and equations. Qt-free, so it is tested without a QApplication.
"""
