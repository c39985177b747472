"""The Qt front end, grouped by what is on screen.

``windows`` sits above six independent feature folders (``controls``, ``boundary``, ``loss``,
``diagram``, ``stepper``, ``threads``), which sit above ``widgets``. Everything Qt lives here;
``nnplayground.core``, ``nnplayground.notation`` and ``nnplayground.live`` never import it.
"""
