"""Shared test set-up. Qt must be told to run headless before it is first imported."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pathlib  # noqa: E402

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
