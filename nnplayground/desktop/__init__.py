"""How nnplayground presents itself to the desktop: its id, its file type, its menu entry.

Qt-free: ``nnplayground desktop install`` writes the XDG files (menu entry,
icons, the ``.nnpg`` MIME type, AppStream metainfo) without opening a window,
and the window takes its desktop file name and single-instance address from
``identity``.
"""
