# Replaces PyInstaller's hook of this PySide6 module with a slimmer one (spec_common.qt_hook).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from spec_common import qt_hook  # noqa: E402

hiddenimports, binaries, datas = qt_hook(__file__)
