"""Shared test set-up. Qt must be told to run headless before it is first imported."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pathlib  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _user_data(tmp_path, monkeypatch):
    """Every test writes its user data (autosave, recent files) to its own folder."""
    monkeypatch.setenv("POLICY_SELFCHECK_DATA", str(tmp_path / "userdata"))


@pytest.fixture(scope="session")
def db():
    from desktop_app.core.clausedb import open_db

    return open_db()


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> pathlib.Path:
    """dist/PolicySelfCheck of a fresh build of this working tree's build.spec, built once
    a session for the bundle and installer tests; POLICY_SELFCHECK_BUNDLE names a built one."""
    given = os.environ.get("POLICY_SELFCHECK_BUNDLE")
    if given:
        return pathlib.Path(given)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed (pip install -e '.[dev]')")
    work = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    print(f"bundle built in {time.monotonic() - started:.1f} s")
    return work / "dist" / "PolicySelfCheck"


@pytest.fixture(autouse=True)
def _no_forgotten_box(request):
    """In a test of the wizard, a message box nobody answers fails the test instead of
    hanging the suite (it is closed after two to four seconds)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    request.getfixturevalue("qtbot")
    stuck, last = [], [None]

    def check():
        box = QApplication.activeModalWidget()
        if box is not None and box is last[0]:
            stuck.append(box.text() if hasattr(box, "text") else type(box).__name__)
            box.reject()
        last[0] = box

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(2000)
    yield
    timer.stop()
    assert not stuck, f"unanswered message box: {stuck}"


@pytest.fixture(scope="session")
def pack_work(tmp_path_factory):
    """Signed policy packs and their test keys, made once (tests/pack_helpers.py)."""
    from pack_helpers import make_packs

    return make_packs(tmp_path_factory.mktemp("packs"))


@pytest.fixture
def trusted(pack_work):
    """The test signer's key is trusted; the clause base is loaded afresh around the test."""
    from desktop_app.core import packs
    from desktop_app.core.clausedb import forget_default_db

    packs.trust_key(pack_work["pub"])
    forget_default_db()
    yield
    forget_default_db()
