"""The Qt layer: a thin wizard over desktop_app.core."""
