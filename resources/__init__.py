"""The icon, the style sheet and the desktop icons, installed as the package ``nnplayground.resources``.

Data files only: this file makes the folder a regular package, so that
``importlib.resources.files("nnplayground.resources")`` finds them the same
way in an editable install (which maps the package here), an installed wheel
and the PyInstaller bundle.
"""
