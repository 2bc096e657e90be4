"""Options shared by build.spec and the benchmark's baseline spec (benchmarks/bare_window.spec).

Keeps the bundle slim: Qt modules, plugins and translations the application does
not use, and standard-library parts a frozen desktop program never needs, are left out.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
ICON = RESOURCES / "icons" / "policy-selfcheck.ico"

# Qt modules the application does not use. QtCore, QtGui, QtWidgets stay; so do
# QtPrintSupport, QtSvg and QtSvgWidgets if the GUI or the export ever imports them.
# QtNetwork is out on purpose: the application opens no network connection.
QT_UNUSED = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDBus", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer",
    "QtLabsStyleKit", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets",
    "QtPositioning", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
    "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTest",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtXml",
]

EXCLUDES = [f"PySide6.{name}" for name in QT_UNUSED] + [
    # Other Qt bindings that may sit in a developer's environment.
    "PyQt5", "PyQt6", "PySide2",
    # Standard library and tooling a frozen desktop program does not need.
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "unittest", "doctest", "pydoc",
    "pydoc_data", "lib2to3", "ensurepip", "venv", "distutils", "setuptools", "pkg_resources",
    "pip", "test", "xmlrpc", "curses", "readline",
    # Only concurrent.futures' process pool would use it (asyncio uses the thread pool):
    # in the bundle, its runtime hook alone would add some 10 ms to every start.
    "multiprocessing",
    # No network: TLS goes too (asyncio, http.client and urllib import it only if present).
    "ssl", "_ssl",
    # OpenSSL's hashes: hashlib falls back to its built-in SHA-2 and friends, so
    # libcrypto (about 5 MB) stays out with TLS.
    "_hashlib",
    # lxml's hook takes every submodule; python-docx, docxtpl and openpyxl use lxml.etree only.
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.ElementInclude",
    "lxml.cssselect", "lxml.html5parser", "lxml.doctestcompare", "lxml.usedoctest",
    # Test and build tools of the dev extra.
    "pytest", "_pytest", "pytestqt", "hypothesis", "PyInstaller", "pypdf", "ruff",
    "yaml",
]

# Qt plugin folders worth shipping; within them, plugins to leave out.
# (Wayland without its OpenGL buffer integrations falls back to shared memory, which
# a widgets program uses anyway.)
QT_PLUGIN_DIRS = {"platforms", "imageformats", "iconengines", "styles", "platformthemes",
                  "platforminputcontexts", "xcbglintegrations", "printsupport",
                  "wayland-decoration-client", "wayland-shell-integration"}
QT_PLUGIN_DROP = ("qeglfs", "qlinuxfb", "qminimalegl", "qvnc", "qvkkhrdisplay", "qdirect2d",
                  "qtga", "qtiff", "qwbmp", "qwebp", "qicns", "qpdf", "qgif", "qgtk3",
                  "adwaita")
# Libraries that only dropped Qt modules or plugins need, whatever pulls them in;
# opengl32sw.dll is Qt's 20 MB software OpenGL for Windows, unused by widgets.
LIB_DROP = ("libQt6Network", "Qt6Network", "libQt6EglFS", "libQt6OpenGL", "Qt6OpenGL",
            "opengl32sw", "libQt6Qml", "Qt6Qml", "libQt6Quick", "Qt6Quick")
# Qt's own translations: Chinese and English only.
QT_LANGS = ("zh_CN", "en")

JUNK_SUFFIXES = (".py", ".pyc", ".ts", ".pro", ".md")  # in resources/: scripts, sources
JUNK_NAMES = {".gitkeep", ".DS_Store", "Thumbs.db", "__pycache__"}


def resource_datas() -> list[tuple[str, str]]:
    """Every file of resources/, at resources/... inside the bundle (paths.resources_dir())."""
    datas = []
    for dirpath, dirnames, filenames in os.walk(RESOURCES):
        dirnames[:] = sorted(d for d in dirnames if d not in JUNK_NAMES)
        for name in sorted(filenames):
            if name in JUNK_NAMES or name.endswith(JUNK_SUFFIXES):
                continue
            src = Path(dirpath) / name
            datas.append((str(src), str(Path("resources") / src.parent.relative_to(RESOURCES))))
    return datas


def shipped_snapshot_datas(workpath: str) -> list[tuple[str, str]]:
    """The bundled clause base's snapshot, made now from resources/clauses.sqlite (verified
    first) into the build folder, shipped beside it (desktop_app.core.base_snapshot): a
    first start after installing reads it instead of verifying the base."""
    from desktop_app.core.base_snapshot import shipped_path
    from desktop_app.core.clausedb import ship_snapshot
    from desktop_app.paths import clause_db_path

    target = Path(workpath) / shipped_path(clause_db_path()).name
    target.parent.mkdir(parents=True, exist_ok=True)
    ship_snapshot(target)
    return [(str(target), "resources")]


def qt_translation_datas() -> list[tuple[str, str]]:
    """Qt's own Chinese and English catalogues (qtbase_*.qm), where the wheel keeps them.

    Named here, not left to PyInstaller's Qt hook: the wizard loads qtbase_zh_CN.qm for
    Qt's standard buttons (desktop_app/gui/qtlang.py) and must find it in every bundle.
    """
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    datas = []
    for folder in (package / "Qt" / "translations", package / "translations"):
        for src in sorted(folder.glob("qtbase_*.qm")):
            dest = str(Path("PySide6") / src.parent.relative_to(package))
            if keep(str(Path(dest) / src.name)):
                datas.append((str(src), dest))
    return datas


def _qt_part(dest: str) -> tuple[str, ...] | None:
    """('plugins', kind, file), ('translations', file), ... for a file of PySide6's Qt tree.

    Wheels for Linux and macOS keep Qt under PySide6/Qt/; Windows wheels put plugins/
    and translations/ straight under PySide6/.
    """
    parts = Path(dest.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6":
        return None
    rest = parts[2:] if len(parts) > 1 and parts[1] == "Qt" else parts[1:]
    if len(rest) >= 2 and rest[0] in ("plugins", "translations", "qml", "lib"):
        return rest
    return None


def keep(dest: str) -> bool:
    """Whether a binary or data file (by its destination in the bundle) is worth shipping."""
    name = Path(dest.replace("\\", "/")).name
    if name.startswith(LIB_DROP):
        return False
    part = _qt_part(dest)
    if part is None:
        return not (name in JUNK_NAMES or name.endswith(".pyc"))
    if part[0] == "plugins" and len(part) >= 3:
        if part[1] not in QT_PLUGIN_DIRS:
            return False
        return not any(part[-1].startswith(("lib" + p, p)) for p in QT_PLUGIN_DROP)
    if part[0] == "translations":
        stem = Path(part[-1]).stem
        return stem.startswith(("qt_", "qtbase_")) and stem.endswith(QT_LANGS) \
            and not stem.startswith("qt_help")
    if part[0] == "qml":
        return False
    return True


def slim(toc):
    """Filter an Analysis TOC of (dest_name, src, typecode)."""
    return [entry for entry in toc if keep(entry[0])]


def slim_sources(entries):
    """Filter a hook's list of (src, dest_dir)."""
    return [(src, dest) for src, dest in entries if keep(os.path.join(dest, os.path.basename(src)))]


def qt_hook(hook_file: str):
    """PyInstaller's own collection for a PySide6 module, minus unused plugins and modules.

    Filtering in the hook, before PyInstaller analyses the collected plugins' library
    dependencies, also keeps out what only the dropped plugins need (GTK, EGL device
    integration, Wayland OpenGL buffers, ...).
    """
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)
    unused = set(QT_UNUSED)
    hiddenimports = [m for m in hiddenimports if m.split(".", 1)[-1] not in unused]
    return hiddenimports, slim_sources(binaries), slim_sources(datas)


def project_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def version_info(description: str, exe_name: str):
    """The Windows version resource of a program: Explorer's Details tab, and the name
    Task Manager shows (FileDescription)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    version = project_version()
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:4])
    numbers += (0,) * (4 - len(numbers))
    strings = [
        StringStruct("CompanyName", "PolicySelfCheck"),
        StringStruct("FileDescription", description),
        StringStruct("FileVersion", version),
        StringStruct("InternalName", exe_name),
        StringStruct("OriginalFilename", f"{exe_name}.exe"),
        StringStruct("ProductName", "政策自评助手 Policy Self-Check"),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[StringFileInfo([StringTable("080404B0", strings)]),  # zh-CN, UTF-16
              VarFileInfo([VarStruct("Translation", [0x0804, 1200])])],
    )
