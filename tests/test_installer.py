"""The Windows installer (installers/policy-selfcheck.nsi): built with makensis from the
bundle, then installed, upgraded and uninstalled silently under wine in a fresh prefix.

Slow. The payload is the session's PyInstaller build (the `bundle` fixture of
tests/conftest.py, shared with tests/test_bundle.py), hard-linked into a folder under
the Windows program names (PolicySelfCheck.exe, policy-selfcheck.exe): the Linux programs
do not run under wine, and need not, as the test is of the installer. Needs makensis
(Debian: nsis) and 64-bit wine (Debian: wine64, whose loader is /usr/lib/wine/wine64);
skipped without them. `.ci/run` installs both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop_app import paths

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "installers" / "build.sh"
APP = "政策自评助手"
UNINST_KEY = r"software\microsoft\windows\currentversion\uninstall\policyselfcheck"
WINE_DIRS = ["/usr/lib/wine", "/usr/lib64/wine", "/opt/wine-stable/bin"]


def _wine_tool(name: str) -> str | None:
    """Debian keeps wine64 and wineserver out of PATH (dpkg -L wine64)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in WINE_DIRS:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


MAKENSIS = shutil.which("makensis")
WINE = _wine_tool("wine64") or _wine_tool("wine")
WINESERVER = _wine_tool("wineserver")

MISSING = [name for name, found in (("makensis (apt-get install nsis)", MAKENSIS),
                                    ("wine64 (apt-get install wine64)", WINE),
                                    ("wineserver (apt-get install wine64)", WINESERVER))
           if not found]
needs_tools = pytest.mark.skipif(
    sys.platform != "linux" or bool(MISSING),
    reason=f"needs {', '.join(MISSING)}" if MISSING and sys.platform == "linux" else
    "runs the installer under wine on Linux; the Windows workflow tries it on Windows")


def _version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version\s*=\s*"([^"]+)"', text, re.M).group(1)


def _newer(version: str) -> str:
    major, minor, patch = version.split(".")
    return f"{major}.{minor}.{int(patch) + 1}"


# --- the installers ---------------------------------------------------------------

@pytest.fixture(scope="module")
def payload(bundle, tmp_path_factory) -> Path:
    """The bundle under its Windows program names, hard-linked (no copy of 120 MB)."""
    folder = tmp_path_factory.mktemp("payload") / "PolicySelfCheck"
    try:
        shutil.copytree(bundle, folder, symlinks=True, copy_function=os.link)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(bundle, folder, symlinks=True)
    for name in ("PolicySelfCheck", "policy-selfcheck"):
        if (folder / name).is_file():
            (folder / name).rename(folder / f"{name}.exe")
    assert (folder / "PolicySelfCheck.exe").is_file()
    assert (folder / "_internal" / "resources" / "clauses.sqlite").is_file()
    return folder


@pytest.fixture(scope="module")
def installers(payload, tmp_path_factory) -> dict[str, Path]:
    """Setup programs of this version (as released: lzma) and of a newer one (zlib, which
    builds about three times faster), built side by side by build.sh."""
    if not MAKENSIS:
        pytest.skip("makensis is not installed (apt-get install nsis)")
    out = tmp_path_factory.mktemp("installers")
    versions = {"old": _version(), "new": _newer(_version())}
    compressors = {versions["old"]: "lzma", versions["new"]: "zlib"}

    def build(version: str) -> Path:
        target = out / f"PolicySelfCheck-Setup-{version}.exe"
        started = time.monotonic()
        proc = subprocess.run(["bash", str(BUILD), str(payload), str(target)],
                              env=dict(os.environ, VERSION=version,
                                       NSIS_COMPRESSOR=compressors[version]),
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        print(f"installer {version} ({compressors[version]}): "
              f"{target.stat().st_size / 1e6:.1f} MB, "
              f"built in {time.monotonic() - started:.0f} s")
        return target

    with ThreadPoolExecutor(2) as pool:  # makensis compresses on one core
        built = dict(zip(versions, pool.map(build, versions.values()), strict=True))
    return {**built, **{f"{k}_version": v for k, v in versions.items()}}


# --- wine -------------------------------------------------------------------------

class Prefix:
    """A fresh WINEPREFIX; runs programs in it and reads what they left."""

    def __init__(self, root: Path):
        self.root = root
        home = root.parent / "home"
        home.mkdir(exist_ok=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),  # wine writes nothing to the real home
            "USER": os.environ.get("USER", "tester"),
            "LANG": "C.UTF-8",
            "WINEPREFIX": str(root),
            "WINEDEBUG": "-all",
            # No Mono/Gecko download prompts, no Linux menu entries for the shortcuts.
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
        }

    def run(self, *argv: str | Path, timeout: int = 300) -> int:
        """Run a Windows program and wait until every process it started has ended
        (the NSIS uninstaller copies itself to %TEMP% and runs from there)."""
        proc = subprocess.run([WINE, *map(str, argv)], env=self.env, capture_output=True,
                              timeout=timeout)
        subprocess.run([WINESERVER, "-w"], env=self.env, timeout=timeout)
        return proc.returncode

    @property
    def user(self) -> Path:
        users = [p for p in (self.root / "drive_c" / "users").iterdir()
                 if p.name.lower() != "public" and (p / "AppData").is_dir()]
        assert len(users) == 1, users
        return users[0]

    @property
    def local(self) -> Path:
        return self.user / "AppData" / "Local"

    @property
    def start_menu(self) -> Path:
        return self.user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / \
            "Programs" / APP

    @property
    def data_dir(self) -> Path:
        """Where desktop_app.paths.user_data_dir() puts the user's data on Windows:
        platformdirs' %LOCALAPPDATA%\\<author>\\<app>."""
        return self.local / paths.APP_AUTHOR / paths.APP_NAME

    def unix(self, windows_path: str) -> Path:
        drive, rest = windows_path.split(":", 1)
        assert drive.lower() == "c", windows_path
        parts = [p for p in rest.split("\\") if p]
        found = self.root / "drive_c"
        for part in parts:  # Windows paths are case-insensitive; wine keeps the case given
            match = [c for c in found.iterdir() if c.name.lower() == part.lower()] \
                if found.is_dir() else []
            found = match[0] if match else found / part
        return found

    def hkcu(self) -> dict[str, dict[str, str | int]]:
        """HKCU as wine saved it (user.reg, written when the wineserver has ended):
        lower-cased key path -> {lower-cased value name ('' = default): value}."""
        keys: dict[str, dict[str, str | int]] = {}
        values: dict[str, str | int] = {}
        for line in (self.root / "user.reg").read_text(encoding="ascii").splitlines():
            if line.startswith("["):
                key = _unescape(line[1:line.rindex("]")])
                values = keys.setdefault(key.lower(), {})
                continue
            match = re.match(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$', line)
            if not match:
                continue
            name = "" if match[1] == "@" else _unescape(match[1][1:-1])
            raw = match[2]
            if raw.startswith('"') and raw.endswith('"'):
                values[name.lower()] = _unescape(raw[1:-1])
            elif raw.startswith("dword:"):
                values[name.lower()] = int(raw[6:], 16)
        return keys


def _unescape(text: str) -> str:
    """Wine's registry files escape \\, " and every non-ASCII character (\\x653f)."""
    simple = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}

    def one(m: re.Match) -> str:
        code = m[1]
        if code[0] == "x" and len(code) > 1:
            return chr(int(code[1:], 16))
        return simple.get(code, code)

    return re.sub(r"\\(x[0-9a-fA-F]{1,4}|.)", one, text)


@pytest.fixture(scope="module")
def prefix(tmp_path_factory) -> Prefix:
    if not WINE or not WINESERVER:
        pytest.skip("wine64 is not installed (apt-get install wine64)")
    made = Prefix(tmp_path_factory.mktemp("wine") / "prefix")
    assert made.run("wineboot", "--init", timeout=600) == 0
    return made


def _entries(reg: dict) -> list[str]:
    """Every Add/Remove Programs entry of ours, whatever its key."""
    prefix = UNINST_KEY.rsplit("\\", 1)[0] + "\\"
    return [k for k, v in reg.items() if k.startswith(prefix) and v.get("displayname") == APP]


# --- the tests --------------------------------------------------------------------

@needs_tools
def test_install_upgrade_uninstall_keeps_user_data(installers, prefix, payload):
    # 1. Silent install of this version, with the desktop shortcut asked for.
    assert prefix.run(installers["old"], "/S", "/DESKTOP") == 0
    reg = prefix.hkcu()
    entry = reg[UNINST_KEY]
    assert entry["displayversion"] == installers["old_version"]
    assert entry["publisher"] == "PolicySelfCheck"
    home = prefix.unix(entry["installlocation"])
    assert home == prefix.local / "Programs" / APP
    for name in ("PolicySelfCheck.exe", "policy-selfcheck.exe", "uninstall.exe",
                 "_internal/resources/clauses.sqlite", "_internal/resources/templates"):
        assert (home / name).exists(), name
    assert (home / "_internal" / "resources" / "clauses.sqlite").read_bytes() == \
        (payload / "_internal" / "resources" / "clauses.sqlite").read_bytes()

    exe = entry["installlocation"] + "\\PolicySelfCheck.exe"
    assert entry["displayicon"] == exe + ",0"
    uninstaller = entry["installlocation"] + "\\uninstall.exe"
    assert entry["uninstallstring"] == f'"{uninstaller}"'
    assert entry["quietuninstallstring"] == f'"{uninstaller}" /S'
    # EstimatedSize is in KiB: what was installed, give or take rounding.
    size = sum(p.stat().st_size for p in home.rglob("*") if p.is_file())
    assert abs(entry["estimatedsize"] * 1024 - size) < size * 0.05, entry["estimatedsize"]

    # Shortcuts: the app and its uninstaller in the Start menu, the app on the desktop.
    links = sorted(p.name for p in prefix.start_menu.glob("*.lnk"))
    assert f"{APP}.lnk" in links and len(links) == 2, links
    assert any(name.startswith(("卸载", "Uninstall")) for name in links), links
    for link, target in [(prefix.start_menu / f"{APP}.lnk", "PolicySelfCheck.exe"),
                         (prefix.user / "Desktop" / f"{APP}.lnk", "PolicySelfCheck.exe")]:
        data = link.read_bytes()
        assert data[:4] == b"L\0\0\0", link  # a shell link
        assert target.encode("utf-16-le") in data and APP.encode("utf-16-le") in data

    # File types of this user: a double-clicked case or pack opens the wizard.
    command = f'"{exe}" "%1"'
    for ext, progid in ((".pscase", "PolicySelfCheck.Case"), (".pspack", "PolicySelfCheck.Pack")):
        assert reg[f"software\\classes\\{ext}"][""] == progid
        assert progid.lower() in reg[f"software\\classes\\{ext}\\openwithprogids"]
        assert reg[f"software\\classes\\{progid.lower()}\\shell\\open\\command"][""] == command
        assert reg[f"software\\classes\\{progid.lower()}\\defaulticon"][""] == exe + ",0"
    assert reg["software\\classes\\policyselfcheck.case"][""] in ("政策自评案例",
                                                                  "Policy self-check case")

    # 2. The newer version over it, silently and without /DESKTOP: same folder, one
    # entry, the new version, no file of the old bundle left behind.
    stale = home / "_internal" / "stale-from-the-old-version.dll"
    stale.write_bytes(b"old")
    assert prefix.run(installers["new"], "/S") == 0
    reg = prefix.hkcu()
    assert _entries(reg) == [UNINST_KEY]
    assert reg[UNINST_KEY]["displayversion"] == installers["new_version"]
    assert prefix.unix(reg[UNINST_KEY]["installlocation"]) == home
    assert (home / "PolicySelfCheck.exe").is_file()
    assert not stale.exists()
    assert len(list(prefix.start_menu.glob("*.lnk"))) == 2
    assert [p.name for p in (prefix.local / "Programs").iterdir()] == [APP]
    # The choices of the installed version hold without being given again.
    assert (prefix.user / "Desktop" / f"{APP}.lnk").is_file()
    assert reg["software\\classes\\.pscase"][""] == "PolicySelfCheck.Case"

    # 3. The user's data, then a silent uninstall: the program goes, the data stays.
    prefix.data_dir.mkdir(parents=True, exist_ok=True)
    kept = prefix.data_dir / "cases" / "北京示例.pscase"
    kept.parent.mkdir(exist_ok=True)
    kept.write_text('{"format": "policy-selfcheck-case"}', encoding="utf-8")
    assert prefix.run(home / "uninstall.exe", "/S") == 0
    assert not home.exists(), sorted(str(p) for p in home.rglob("*"))[:10]
    assert not prefix.start_menu.exists()
    assert not (prefix.user / "Desktop" / f"{APP}.lnk").exists()
    reg = prefix.hkcu()
    assert _entries(reg) == [] and UNINST_KEY not in reg
    for key in ("software\\classes\\.pscase", "software\\classes\\.pspack",
                "software\\classes\\policyselfcheck.case",
                "software\\classes\\policyselfcheck.pack"):
        assert not reg.get(key), key
    assert kept.read_text(encoding="utf-8") == '{"format": "policy-selfcheck-case"}'


@needs_tools
def test_upgrade_follows_the_folder_the_user_chose(installers, prefix):
    """An install into another folder (/D=, as the directory page does) is upgraded
    there, read from the uninstall entry, and its uninstaller removes only its own files."""
    chosen = r"C:\Apps\PolicySelfCheck"  # /D= takes no quotes: no spaces here
    assert prefix.run(installers["old"], "/S", f"/D={chosen}") == 0
    folder = prefix.unix(chosen)
    assert (folder / "PolicySelfCheck.exe").is_file()
    assert not (prefix.local / "Programs" / APP).exists()

    assert prefix.run(installers["new"], "/S") == 0
    reg = prefix.hkcu()
    assert _entries(reg) == [UNINST_KEY]
    assert reg[UNINST_KEY]["installlocation"] == chosen
    assert reg[UNINST_KEY]["displayversion"] == installers["new_version"]
    assert not (prefix.local / "Programs" / APP).exists()

    # A file of the user's own in the chosen folder survives the uninstall, and so
    # does the folder holding it.
    mine = folder / "my notes.txt"
    mine.write_text("mine", encoding="utf-8")
    assert prefix.run(folder / "uninstall.exe", "/S") == 0
    assert sorted(p.name for p in folder.iterdir()) == ["my notes.txt"]
    assert UNINST_KEY not in prefix.hkcu()


def test_build_script_refuses_a_missing_bundle(tmp_path):
    proc = subprocess.run(["bash", str(BUILD), str(tmp_path / "no-such-folder")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "usage" in proc.stderr
