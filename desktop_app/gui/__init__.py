"""The Qt layer: a thin wizard over desktop_app.core."""


def preload() -> None:
    """Import the Qt-free modules the wizard needs before its first window, before PySide6.

    PySide6's import hook reads the source of every module imported after PySide6 (it
    looks for the word "PySide6", shibokensupport/feature.py); modules already loaded
    are spared that: some 5 ms of the start from source (a frozen bundle's modules
    have no source to read). Call it before anything imports PySide6.
    """
    import desktop_app.core.clausedb  # noqa: F401
    import desktop_app.core.topics  # noqa: F401
    import desktop_app.fonts  # noqa: F401
    import desktop_app.gui.session  # noqa: F401
    import desktop_app.gui.strings  # noqa: F401
