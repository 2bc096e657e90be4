"""The PySide6 wizard (a thin layer over desktop_app.core)."""
