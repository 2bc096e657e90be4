"""The benchmark's baseline: a bare PySide6 window, frozen with the bundle's options."""

from __future__ import annotations

import sys


def main() -> int:
    import exit_after_show
    from PySide6.QtWidgets import QApplication, QWidget

    if exit_after_show.requested():
        exit_after_show.install()
    app = QApplication(sys.argv)
    window = QWidget()
    window.setWindowTitle("bare")
    window.resize(900, 640)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
