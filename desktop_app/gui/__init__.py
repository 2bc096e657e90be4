"""The PySide6 wizard (a thin layer over desktop_app.core)."""

from desktop_app.gui.compat import protect_singletons

protect_singletons()
