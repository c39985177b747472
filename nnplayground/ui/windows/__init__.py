"""The windows and what belongs to a window as a whole: the main and compare windows, menus' actions,
session files, settings, exports, the status bar and the crash dialog.
"""
