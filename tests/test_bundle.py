"""The PyInstaller bundle (build.spec): built fresh, then run with no Python on PATH.

Slow: the `bundle` fixture (tests/conftest.py) builds the bundle into a temporary folder
once a session (about 10 to 60 s); tests/test_installer.py packs the same build. Set
POLICY_SELFCHECK_BUNDLE to an already built dist/PolicySelfCheck folder to test that
one instead (the Windows CI job builds once and points the test at its build).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
ACCEPTANCE = ROOT.parent / "shared" / "acceptance"
# A firm with some eligible items, so the results page and the exports have content.
PROFILE = {
    "company.name": "北京示例信息技术有限公司", "company.district": "mentougou",
    "company.is_info_software": True, "mentougou.quality_firm": True,
    "compliance.lawful_and_sound_finance": True, "assessment.year": 2026,
    "ai.compute_cost_yuan": 2_000_000, "ai.model_api_cost_yuan": 300_000,
    "data.transaction_yuan": 5_000_000,
}
EXE = ".exe" if os.name == "nt" else ""
GUI_APP = ROOT / "desktop_app" / "gui" / "app.py"


@pytest.fixture()
def case_file(tmp_path) -> Path:
    """A saved case with the .pscase extension the installer associates with the app."""
    path = tmp_path / "firm.pscase"
    path.write_text(json.dumps({"format": "policy-selfcheck-case", "version": 1,
                                "profile": PROFILE, "meta": {}}, ensure_ascii=False),
                    encoding="utf-8")
    return path


@pytest.fixture()
def sandbox(tmp_path, bundle) -> dict:
    """An environment with no Python anywhere on PATH, a fresh home and no overrides."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.pathsep.join([str(empty), str(bundle)]),
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    if os.name == "nt":
        env.update({k: os.environ[k] for k in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP")
                    if k in os.environ})
        env.update({"USERPROFILE": str(home), "LOCALAPPDATA": str(home / "AppData" / "Local"),
                    "APPDATA": str(home / "AppData" / "Roaming")})
    else:
        env["TMPDIR"] = str(tmp_path / "tmp")
        (tmp_path / "tmp").mkdir()
    assert shutil.which("python3", path=env["PATH"]) is None
    assert shutil.which("python", path=env["PATH"]) is None
    return env


def _run(argv, env, cwd, timeout=120):
    return subprocess.run([str(a) for a in argv], env=env, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def _files(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime
            for p in folder.rglob("*") if p.is_file()}


def test_bundle_layout(bundle):
    """Both programs share one folder; resources travel; unused Qt and TLS stay out."""
    assert (bundle / f"PolicySelfCheck{EXE}").is_file()
    assert (bundle / f"policy-selfcheck{EXE}").is_file()
    internal = bundle / "_internal"
    for part in ("clauses.sqlite", "clauses.snapshot", "templates", "fonts",
                 "icons/policy-selfcheck.ico"):
        assert (internal / "resources" / part).exists(), part
    names = [p.name.lower() for p in internal.rglob("*")]
    for unwanted in ("qt6network", "qt6qml", "qt6quick", "qt6webengine", "qt6opengl",
                     "opengl32sw", "_ssl", "libssl", "libcrypto", "tkinter", "tcl",
                     "_hashlib", "objectify"):
        found = [n for n in names if unwanted in n]
        assert not found, f"{unwanted} is bundled: {found}"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle size {size / 1e6:.1f} MB")


@pytest.mark.skipif(not (ACCEPTANCE / "run_cases.py").exists(),
                    reason="the shared acceptance cases are not beside this checkout")
def test_frozen_console_passes_acceptance(bundle, sandbox, tmp_path):
    cmd = shlex.quote(str(bundle / f"policy-selfcheck{EXE}"))
    # The frozen programs run in UTF-8 mode; the runner must read their output as UTF-8
    # too (on Windows its default is the ANSI code page).
    env = dict(sandbox, PYTHONUTF8="1")
    proc = _run([sys.executable, ACCEPTANCE / "run_cases.py", ACCEPTANCE / "examples",
                 "--cmd", cmd], env, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 failed" in proc.stdout, proc.stdout


def test_frozen_console_reads_pscase_and_bad_input(bundle, sandbox, tmp_path, case_file):
    """The associated .pscase extension is read like any JSON case; bad input exits 2."""
    exe = bundle / f"policy-selfcheck{EXE}"
    proc = _run([exe, "assess", case_file, "--as-of", "2026-11-22", "--format", "json"],
                sandbox, tmp_path)
    assert proc.returncode == 0, proc.stderr
    results = {r["item_id"]: r for r in json.loads(proc.stdout)["results"]}
    assert len(results) == 32
    assert results["mentougou-03"]["max_amount_yuan"] == 400_000

    bad = tmp_path / "bad.pscase"
    bad.write_text('{"ai.compute_cost_yuan": -1}', encoding="utf-8")
    proc = _run([exe, "assess", bad], sandbox, tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "ai.compute_cost_yuan" in proc.stderr


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_frozen_console_exports(bundle, sandbox, tmp_path, case_file, fmt):
    """Every export format works frozen: templates, fonts and the libraries' own data
    files travel in the bundle."""
    if not (ROOT / "desktop_app" / "export" / "__init__.py").exists():
        pytest.skip("desktop_app/export is not written yet")
    out = tmp_path / "out" / f"checklist.{fmt}"
    out.parent.mkdir()
    proc = _run([bundle / f"policy-selfcheck{EXE}", "export", case_file, "-o", out,
                 "--as-of", "2026-11-22"], sandbox, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = out.read_bytes()
    magic = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF", "html": b"<"}[fmt]
    assert data.lstrip().startswith(magic) and len(data) > 1000


def _needs_gui():
    if not GUI_APP.exists():
        pytest.skip("desktop_app/gui/app.py is not written yet (the GUI lands separately)")


@pytest.mark.parametrize("argv", [
    ["gui", "{case}", "--page", "results", "--screenshot", "{out}"],
    # A double-clicked .pscase: the windowed program gets just the path.
    ["{case}", "--page", "results", "--screenshot", "{out}"],
], ids=["gui-command", "file-association"])
def test_frozen_gui_screenshot(bundle, sandbox, tmp_path, case_file, argv):
    _needs_gui()
    out = tmp_path / "shots" / "results.png"
    args = [a.format(case=case_file, out=out) for a in argv]
    proc = _run([bundle / f"PolicySelfCheck{EXE}", *args], sandbox, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_frozen_first_start_reads_the_shipped_snapshot(bundle, sandbox, tmp_path):
    """A new data folder: the bundled base comes from the snapshot made at build, so it is
    not verified, and nothing is kept in the data folder's cache (core/base_snapshot.py)."""
    data = tmp_path / "data"
    env = dict(sandbox, POLICY_SELFCHECK_DATA=str(data))
    proc = _run([bundle / f"policy-selfcheck{EXE}", "clauses", "--format", "json"], env,
                tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(json.loads(proc.stdout)["items"]) > 20
    assert not (data / "cache" / "clausedb-bundled.snapshot").exists()


def test_frozen_gui_writes_only_user_data(bundle, sandbox, tmp_path):
    """Start the wizard, show it, quit: nothing is written outside the user's data folder,
    and nothing at all inside the bundle."""
    _needs_gui()
    env = dict(sandbox, POLICY_SELFCHECK_EXIT_AFTER_SHOW="1")
    before_bundle = _files(bundle)
    before = _files(tmp_path)
    proc = _run([bundle / f"PolicySelfCheck{EXE}"], env, tmp_path)
    # Status 0 means a window was shown (the hook exits 1 otherwise, and without the
    # hook the wizard would wait for the user). A windowed Windows program may have no stdout.
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("shown") or (os.name == "nt" and not proc.stdout), proc.stdout
    assert _files(bundle) == before_bundle
    home = Path(env["HOME"])
    allowed = [home / ".local" / "share" / "PolicySelfCheck",  # platformdirs, Linux
               home / "AppData" / "Local" / "PolicySelfCheck",  # platformdirs, Windows
               home / "Library" / "Application Support" / "PolicySelfCheck",
               home / ".cache" / "fontconfig"]  # the system's fontconfig (Linux only)
    written = [p for p, mtime in _files(tmp_path).items() if before.get(p) != mtime]
    stray = [p for p in written
             if not any((tmp_path / p).is_relative_to(folder) for folder in allowed)]
    assert not stray, f"written outside the user data folder: {stray}"


@pytest.mark.skipif(sys.platform != "linux" or shutil.which("strace") is None,
                    reason="traces the frozen programs with strace (Linux)")
def test_frozen_programs_open_no_network_socket_and_no_python(bundle, sandbox, tmp_path,
                                                              case_file):
    """No AF_INET/AF_INET6 socket, and no file of the developer's Python, venv or source
    tree is opened: the bundle is self-contained. (Failed look-ups are allowed: pyenv's
    libpython carries a RUNPATH into its own lib folder, which the loader probes.)"""
    _needs_gui()
    log = tmp_path / "strace.log"
    runs = [[bundle / "policy-selfcheck", "assess", case_file, "--format", "json"],
            [bundle / "PolicySelfCheck"]]
    if (ROOT / "desktop_app" / "export" / "__init__.py").exists():
        runs.append([bundle / "policy-selfcheck", "export", case_file, "-o", tmp_path / "o.html"])
    env = dict(sandbox, POLICY_SELFCHECK_EXIT_AFTER_SHOW="1")
    outside = {str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix, ROOT)}
    bundle_dir = str(bundle.resolve())
    for argv in runs:
        proc = _run([shutil.which("strace"), "-f", "-qq", "-o", log,
                     "-e", "trace=socket,connect,open,openat,execve",
                     *argv], env, tmp_path)
        if "ptrace" in proc.stderr and proc.returncode != 0:
            pytest.skip(f"strace cannot trace here: {proc.stderr.strip()[:200]}")
        assert proc.returncode == 0, proc.stderr[-2000:]
        calls = log.read_text()
        network = [line for line in calls.splitlines() if "AF_INET" in line]
        assert not network, f"{argv[1:]}: {network}"
        opened = [line for line in calls.splitlines()
                  if ("open" in line or "execve" in line) and "= -1 " not in line]
        strays = [line for line in opened if any(f'"{folder}' in line for folder in outside)
                  and f'"{bundle_dir}' not in line]
        assert not strays, f"{argv[1:]} looks outside the bundle: {strays[:5]}"
