"""The bundle's recipe (packaging/spec_common.py, packaging/gui_main.py), without building."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import gui_main  # noqa: E402
import spec_common  # noqa: E402


@pytest.mark.parametrize("dest", [
    # Linux and macOS wheels: PySide6/Qt/...
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/translations/qtbase_zh_CN.qm",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    # Windows wheels: PySide6/plugins/..., with backslashes in PyInstaller's TOC.
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    "PySide6\\plugins\\imageformats\\qsvg.dll",
    "PySide6\\translations\\qtbase_en.qm",
    "PySide6\\Qt6Widgets.dll",
    "resources/clauses.sqlite",
])
def test_keeps(dest):
    assert spec_common.keep(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/translations/qt_help_zh_CN.qm",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "libQt6Network.so.6",
    "PySide6\\plugins\\platforms\\qdirect2d.dll",
    "PySide6\\plugins\\generic\\qtuiotouchplugin.dll",
    "PySide6\\plugins\\tls\\qschannelbackend.dll",
    "PySide6\\translations\\qtbase_ja.qm",
    "PySide6\\opengl32sw.dll",
    "PySide6\\Qt6Network.dll",
    "PySide6\\Qt6Qml.dll",
])
def test_drops(dest):
    assert not spec_common.keep(dest)


def test_resources_travel_at_resources():
    datas = spec_common.resource_datas()
    targets = {(Path(src).name, dest.replace("\\", "/")) for src, dest in datas}
    assert ("clauses.sqlite", "resources") in targets
    assert ("policy-selfcheck.ico", "resources/icons") in targets
    assert not [src for src, _ in datas if src.endswith(".py")]  # generator scripts stay home


def test_qt_chinese_catalogue_travels_where_the_wizard_looks():
    datas = spec_common.qt_translation_datas()
    targets = {(Path(src).name, dest.replace("\\", "/")) for src, dest in datas}
    assert ("qtbase_zh_CN.qm", "PySide6/Qt/translations") in targets or \
        ("qtbase_zh_CN.qm", "PySide6/translations") in targets
    assert all(spec_common.keep(str(Path(d) / Path(s).name)) for s, d in datas)
    assert not [s for s, _ in datas if "_de" in Path(s).name or "_ja" in Path(s).name]


def test_excludes_keep_what_the_app_imports():
    for needed in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "sqlite3",
                   "json", "email", "asyncio", "sqlite_utils", "click", "dateutil",
                   "sqlite_fts4", "pluggy", "csv"):
        assert needed not in spec_common.EXCLUDES
    assert "PySide6.QtNetwork" in spec_common.EXCLUDES


@pytest.mark.parametrize("args, expected", [
    ([], ["gui"]),
    (["C:\\Users\\a\\firm.pscase"], ["gui", "C:\\Users\\a\\firm.pscase"]),
    (["gui", "x.json", "--page", "results"], ["gui", "x.json", "--page", "results"]),
    (["--lang", "en"], ["gui", "--lang", "en"]),
])
def test_windowed_program_always_opens_the_wizard(args, expected):
    assert gui_main.gui_argv(args) == expected


@pytest.mark.skipif(sys.platform != "win32",
                    reason="PyInstaller's version-resource module imports win32api")
def test_windows_version_resource():
    info = spec_common.version_info("政策自评助手", "PolicySelfCheck")
    raw = info.toRaw()
    assert "政策自评助手".encode("utf-16-le") in raw
    assert spec_common.project_version().encode("utf-16-le") in raw
    assert "PolicySelfCheck.exe".encode("utf-16-le") in raw
