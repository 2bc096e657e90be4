"""Policy packs (contract section 6): signing, verifying, refusing, importing, diffing,
rolling back. Keys are made here, at test time; no private key is in the repository."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pack_helpers import PROFILE

from clause_db.packing import keygen
from desktop_app.core import packs
from desktop_app.core.assess import assess
from desktop_app.core.clausedb import (
    ClauseDB,
    default_db,
    forget_default_db,
    open_db,
    read_tables,
)
from desktop_app.paths import clause_db_path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "policy-selfcheck"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "desktop_app"]
AS_OF = date(2026, 11, 24)
def _payload(path: Path) -> bytes:
    return path.read_bytes()[len(packs.MAGIC) + packs.SIGNATURE_BYTES:]


def _rewrite(src: Path, dst: Path, change, key: Path | None = None) -> Path:
    """Copy a pack, passing each payload member through change(name, data) -> data; the
    copy keeps the old signature, or is signed afresh with `key`."""
    from clause_db.packing import _private_key

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_payload(src))) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))
    payload = out.getvalue()
    signature = src.read_bytes()[len(packs.MAGIC):len(packs.MAGIC) + packs.SIGNATURE_BYTES]
    if key is not None:
        signature = _private_key(key).sign(packs.SIGNING_PREFIX + payload)
    dst.write_bytes(packs.assemble(signature, payload))
    return dst


def _tamper_db(name, data):
    if name != packs.DATABASE:
        return data
    at = data.index(b"20%")  # one byte of a rate in the clause text
    return data[:at] + b"3" + data[at + 1:]


def _state_files() -> dict[str, bytes]:
    folder = packs.packs_dir()
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


# ------------------------------------------------------------------ keys and signing


def test_keygen_writes_an_owner_only_private_key_and_refuses_to_overwrite(pack_work, tmp_path):
    assert pack_work["key"].stat().st_mode & 0o077 == 0
    assert pack_work["pub"].read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert len(pack_work["fp"]) == 32
    with pytest.raises(packs.PackError, match="exists already"):
        keygen(pack_work["root"] / "test-signer")


def test_a_pack_verifies_with_its_trusted_key(pack_work, trusted):
    p = packs.verify_pack(pack_work["base"])
    assert p.version == 1
    assert p.manifest["key_fingerprint"] == pack_work["fp"]
    assert p.db.version == open_db().version  # today's sources, built again
    assert {x["policy_id"] for x in p.manifest["policies"]} == {"mentougou", "dongcheng"}
    assert len(p.cases) >= 100  # tests/cases travel with the pack
    assert packs.failing_cases(p, p.db) == []


def test_trust_prints_the_same_fingerprint_as_keygen(pack_work):
    assert packs.trust_key(pack_work["pub"]) == pack_work["fp"]
    assert pack_work["fp"] in packs.trusted_keys()
    assert packs.grouped("ABCD1234") == "ABCD 1234"


# ------------------------------------------------------------------ refusals


def test_untrusted_key_is_refused(pack_work, trusted):
    with pytest.raises(packs.PackError, match="not trusted"):
        packs.verify_pack(pack_work["stranger"])


def test_no_signature_is_refused(pack_work, trusted, tmp_path):
    bad = tmp_path / "unsigned.pspack"
    bad.write_bytes(_payload(pack_work["base"]))  # the archive alone
    with pytest.raises(packs.PackError, match="no signature"):
        packs.verify_pack(bad)
    bad.write_bytes(packs.assemble(bytes(packs.SIGNATURE_BYTES), _payload(pack_work["base"])))
    with pytest.raises(packs.PackError, match="bad signature"):
        packs.verify_pack(bad)


def test_an_altered_manifest_breaks_the_signature(pack_work, trusted, tmp_path):
    def newer(name, data):
        return data.replace(b'"pack_version": 1', b'"pack_version": 9') \
            if name == packs.MANIFEST else data

    bad = _rewrite(pack_work["base"], tmp_path / "newer.pspack", newer)
    with pytest.raises(packs.PackError, match="bad signature"):
        packs.verify_pack(bad)


def test_an_altered_database_breaks_the_signature(pack_work, trusted, tmp_path):
    bad = _rewrite(pack_work["base"], tmp_path / "tampered.pspack", _tamper_db)
    with pytest.raises(packs.PackError, match="bad signature"):
        packs.verify_pack(bad)


def test_a_signed_database_that_is_not_the_manifests_is_refused(pack_work, trusted, tmp_path):
    bad = _rewrite(pack_work["base"], tmp_path / "mismatch.pspack", _tamper_db,
                   key=pack_work["key"])
    with pytest.raises(packs.PackError, match="does not match the signed manifest"):
        packs.verify_pack(bad)


def test_a_flipped_byte_anywhere_is_refused(pack_work, trusted, tmp_path):
    """Header, signature, archive headers, compressed data, central directory: every byte."""
    data = pack_work["base"].read_bytes()
    n = len(data)
    where = sorted({*range(0, 120, 7), *range(0, n, max(1, n // 60)), *range(n - 120, n, 9)})
    bad = tmp_path / "flipped.pspack"
    accepted = []
    for at in where:
        flipped = bytearray(data)
        flipped[at] ^= 0x01
        bad.write_bytes(bytes(flipped))
        try:
            packs.verify_pack(bad)
        except packs.PackError:
            continue
        accepted.append(at)
    assert accepted == [], f"flips accepted at {accepted} of {n} bytes"
    assert len(where) > 70


@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_a_truncated_pack_is_refused(pack_work, trusted, tmp_path, keep):
    data = pack_work["base"].read_bytes()
    bad = tmp_path / "truncated.pspack"
    bad.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(packs.PackError, match="corrupt or truncated"):
        packs.verify_pack(bad)


def test_not_a_pack_is_refused(pack_work, trusted, tmp_path):
    bad = tmp_path / "notes.pspack"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(packs.PackError, match="not a policy pack"):
        packs.verify_pack(bad)


def test_a_pack_whose_own_cases_fail_is_refused_and_changes_nothing(pack_work, trusted):
    before = _state_files()
    with pytest.raises(packs.PackError, match="1 of its own 1 rule cases fail"):
        packs.import_pack(pack_work["failing"])
    assert _state_files() == before
    assert default_db().version == open_db().version


def test_an_older_pack_is_refused_unless_downgrade_is_allowed(pack_work, trusted):
    packs.import_pack(pack_work["rate"])  # version 2
    before = _state_files()
    with pytest.raises(packs.PackError, match="older than the one in use"):
        packs.import_pack(pack_work["base"])  # version 1
    assert _state_files() == before
    entry = packs.import_pack(pack_work["base"], allow_downgrade=True)
    assert entry["pack_version"] == 1


# ------------------------------------------------------------------ import, use, rollback


def test_import_changes_the_amount_and_rollback_restores_it(pack_work, trusted):
    bundled = assess(PROFILE, default_db(), AS_OF).result("mentougou-03").max_amount_yuan
    assert bundled == 246800
    packs.import_pack(pack_work["rate"])
    assert default_db().version == packs.current()["clause_db_version"]
    assert assess(PROFILE, default_db(), AS_OF).result("mentougou-03").max_amount_yuan == 308500
    assert packs.rollback() is None
    assert default_db().version == open_db().version
    assert assess(PROFILE, default_db(), AS_OF).result("mentougou-03").max_amount_yuan == 246800
    with pytest.raises(packs.PackError, match="no imported pack"):
        packs.rollback()


def test_rollback_returns_to_the_previous_pack(pack_work, trusted):
    packs.import_pack(pack_work["base"])
    packs.import_pack(pack_work["rate"])
    entry = packs.rollback()
    assert entry["pack_version"] == 1
    assert default_db().version == open_db().version  # v1 holds today's sources
    assert len(list((packs.packs_dir() / "db").glob("*.sqlite"))) == 1


def test_import_and_rollback_keep_the_snapshot_of_the_base_they_leave_in_use(pack_work,
                                                                            trusted):
    """The next start reads the base in use from its snapshot instead of verifying it
    (core/base_snapshot.py): the import and the rollback have just verified it."""
    from desktop_app.core import base_snapshot
    from desktop_app.core.clausedb import SCHEMA_VERSION

    def kept() -> str | None:
        found = base_snapshot.load("installed", packs.installed_db_path(), SCHEMA_VERSION)
        return found and found[0]

    packs.import_pack(pack_work["base"])
    assert kept() == packs.current()["clause_db_version"]
    packs.import_pack(pack_work["rate"])
    assert kept() == packs.current()["clause_db_version"]
    packs.rollback()
    assert kept() == packs.current()["clause_db_version"]


def test_a_damaged_installed_database_falls_back_to_the_bundled_one(pack_work, trusted):
    packs.import_pack(pack_work["rate"])
    installed = packs.installed_db_path()
    installed.write_bytes(installed.read_bytes()[:4096])
    forget_default_db()
    assert packs.installed_db_path() is None
    assert default_db().version == open_db().version


# ------------------------------------------------------------------ diff


def test_diff_names_the_changed_rate_with_a_readable_text_diff(pack_work, trusted):
    old, new = packs.verify_pack(pack_work["base"]).db, packs.verify_pack(pack_work["rate"]).db
    diff = packs.diff_dbs(old, new)
    assert diff["items_added"] == [] and diff["items_removed"] == []
    assert [c["item_id"] for c in diff["items_changed"]] == ["mentougou-03"]
    change = diff["items_changed"][0]
    assert change["changes"] == ["formula"]
    assert change["formula"]["before"]["rate"] == "0.20"
    assert change["formula"]["after"]["rate"] == "0.25"
    assert diff["policies"] == []
    text = packs.diff_text(diff)
    assert "mentougou-03：计算方式" in text and "× 25%" in text


def test_diff_text_shows_a_rate_change_the_description_does_not_state(db):
    """A pack (made before the build compared descriptions with rates) that changes only
    mentougou-03's rate: the text diff shows the numbers, not twice the same words."""
    def edit(t):
        items = {r["item_id"]: r for r in t["items"]}
        items["mentougou-03"]["formula"]["rate"] = "0.25"

    text = packs.diff_text(packs.diff_dbs(db, _edited_db(edit)))
    line = next(t for t in text.splitlines() if t.strip().startswith("计算方式："))
    before, after = line.split(" → ")
    assert before != after
    assert "比例 20%" in before and "比例 25%" in after
    assert "企业实际发生算力费用 × 20%" in after  # the words, as they stand


def test_text_diff_marks_chinese_characters():
    old = "按照不超过企业实际发生算力费用的20%，按照给予一定的资金支持。"
    new = "按照不超过企业实际发生算力费用的30%，给予一定的资金支持。"
    assert packs.text_diff(old, new) == \
        "…过企业实际发生算力费用的[-2-]{+3+}0%，[-按照-]给予一定的资金支持。"


def _edited_db(edit) -> ClauseDB:
    """The bundled database's tables, edited in memory."""
    with sqlite3.connect(clause_db_path()) as conn:
        tables = read_tables(conn)
    edit(tables)
    return ClauseDB(tables, "edited")


def test_diff_lists_added_removed_items_criteria_caps_and_policy_validity(db):
    def edit(t):
        items = {r["item_id"]: r for r in t["items"]}
        items["mentougou-12"]["formula"]["caps"][0]["value"] = 600000
        items["mentougou-03"]["criteria"] = items["mentougou-03"]["criteria"][:-1]
        items["mentougou-05"]["text"] = items["mentougou-05"]["text"].replace("6%", "8%")
        items["mentougou-06"]["benefit"] = items["mentougou-06"]["benefit"].replace("30%", "40%")
        t["items"] = [r for r in t["items"] if r["item_id"] != "dongcheng-15-2"]
        t["items"].append(dict(items["dongcheng-08"], item_id="dongcheng-16", seq=99))
        for p in t["policies"]:
            if p["policy_id"] == "mentougou":
                p["valid_until"], p["status"] = "2027-12-31", "正式稿"

    new = _edited_db(edit)
    diff = packs.diff_dbs(db, new)
    assert diff["items_added"] == ["dongcheng-16"]
    assert diff["items_removed"] == ["dongcheng-15-2"]
    by_id = {c["item_id"]: c["changes"] for c in diff["items_changed"]}
    assert by_id == {"mentougou-03": ["criteria"], "mentougou-05": ["text"],
                     "mentougou-06": ["benefit"], "mentougou-12": ["caps"]}
    assert diff["policies"][0]["policy_id"] == "mentougou"
    assert diff["policies"][0]["changes"] == ["edition", "validity"]
    text = packs.diff_text(diff)
    assert "[-6-]{+8+}%" in text and "600,000元" in text and "条件 -：" in text
    assert "  + dongcheng-16 第八条 " in text and "  - dongcheng-15-2" in text
    assert "摘要：" in text and "[-3-]{+4+}0%" in text  # the summary's change, not only "摘要"
    # the marks are explained, once, where a text diff is shown
    assert text.count("[-…-] 为删去的文字，{+…+} 为新增的文字") == 1
    rate_only = packs.diff_text(packs.diff_dbs(db, _edited_db(
        lambda t: next(r for r in t["items"] if r["item_id"] == "mentougou-12")["formula"]
        ["caps"][0].update(value=600000))))
    assert "为删去的文字" not in rate_only


# ------------------------------------------------------------------ the command line


def cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, POLICY_SELFCHECK_DATA=str(data))
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=120,
                          encoding="utf-8", env=env)


def test_cli_trust_import_assess_export_rollback(pack_work, tmp_path):
    data = tmp_path / "data"
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")

    def amount() -> int:
        r = cli("assess", str(profile), "--as-of", "2026-11-24", "--format", "json", data=data)
        assert r.returncode == 0, r.stderr
        got = {x["item_id"]: x for x in json.loads(r.stdout)["results"]}
        return got["mentougou-03"]["max_amount_yuan"]

    def exported() -> str:
        out = tmp_path / "report.xlsx"
        r = cli("export", str(profile), "-o", str(out), "--as-of", "2026-11-24", data=data)
        assert r.returncode == 0, r.stderr
        import openpyxl

        book = openpyxl.load_workbook(out, read_only=True)
        return "\n".join(str(c) for ws in book for row in ws.iter_rows(values_only=True)
                         for c in row if c is not None)

    r = cli("packs", "import", str(pack_work["rate"]), data=data)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "not trusted" in r.stderr
    r = cli("packs", "trust", str(pack_work["pub"]), data=data)
    assert r.returncode == 0 and packs.grouped(pack_work["fp"]) in r.stdout
    # how to take the trust back, should the fingerprint read out on the phone differ
    assert "如指纹不一致，请删除" in r.stdout and f"{pack_work['fp']}.pub" in r.stdout
    assert "已信任" in r.stdout and "此前已信任" not in r.stdout
    again = cli("packs", "trust", str(pack_work["pub"]), data=data)
    assert "此前已信任" in again.stdout
    assert amount() == 246800
    assert "246800" in exported().replace(",", "")

    r = cli("packs", "diff", str(pack_work["rate"]), "--format", "json", data=data)
    assert r.returncode == 0, r.stderr
    diff = json.loads(r.stdout)
    assert set(diff) >= {"items_added", "items_removed", "items_changed", "policies"}
    assert diff["items_changed"][0] == {**diff["items_changed"][0], "item_id": "mentougou-03",
                                        "changes": ["formula"]}

    r = cli("packs", "import", str(pack_work["rate"]), data=data)
    assert r.returncode == 0, r.stderr
    assert "mentougou-03" in r.stdout
    assert amount() == 308500
    text = exported().replace(",", "")
    assert "308500" in text and "246800" not in text

    before = {p: p.read_bytes() for p in (data / "packs").rglob("*") if p.is_file()}
    r = cli("packs", "import", str(pack_work["rate"]), data=data)
    assert r.returncode == 0 and "already in use" in r.stdout
    assert {p: p.read_bytes() for p in (data / "packs").rglob("*") if p.is_file()} == before

    r = cli("packs", "list", "--format", "json", data=data)
    listing = json.loads(r.stdout)
    assert listing["in_use"]["source"] == "pack" and listing["in_use"]["pack_version"] == 2

    r = cli("packs", "import", str(pack_work["base"]), data=data)
    assert r.returncode == 2 and "older" in r.stderr and len(r.stderr.splitlines()) == 1
    r = cli("packs", "import", str(pack_work["failing"]), data=data)
    assert r.returncode == 2 and "rule cases fail" in r.stderr
    assert amount() == 308500  # the refusals changed nothing

    r = cli("packs", "rollback", data=data)
    assert r.returncode == 0, r.stderr
    assert "~ mentougou-03：计算方式" in r.stdout  # what went with the pack is said
    assert amount() == 246800
    assert "246800" in exported().replace(",", "")
    r = cli("packs", "rollback", data=data)
    assert r.returncode == 2 and "no imported pack" in r.stderr


def test_the_library_after_a_pack_says_which_figures_are_old_and_what_moved(pack_work,
                                                                           tmp_path):
    """After a pack, `cases list` showed the earlier base's figures as current, and
    `cases export` stored the new ones without a word, so that `cases reassess` then left
    the firm whose bound moved out of its report (a consultant's reading)."""
    data = tmp_path / "data"
    case = tmp_path / "firm.json"
    case.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    assert cli("cases", "import", str(case), data=data).returncode == 0
    assert cli("packs", "trust", str(pack_work["pub"]), data=data).returncode == 0
    assert cli("packs", "import", str(pack_work["rate"]), data=data).returncode == 0
    listed = cli("cases", "list", data=data)
    assert "可申报合计 不超过 246,800 元（此前条款库）" in listed.stdout
    assert "其中1个按此前的条款库评估，运行 cases reassess 查看变化并更新" in listed.stderr
    out = tmp_path / "draft.docx"
    done = cli("cases", "export", "1", "-o", str(out), "--as-of", "2026-11-24", data=data)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert "与上次评估相比有变化" in done.stderr
    assert "门头沟区（三）（mentougou-03）：可申报 ≤246,800 → 可申报 ≤308,500" in done.stderr
    listed = cli("cases", "list", data=data)
    assert "不超过 308,500 元" in listed.stdout and "此前条款库" not in listed.stdout + \
        listed.stderr
    assert cli("packs", "rollback", data=data).returncode == 0
    back = cli("cases", "reassess", "--as-of", "2026-11-24", data=data)
    assert "门头沟区（三）（mentougou-03）：可申报 ≤308,500 → 可申报 ≤246,800" in back.stdout


def test_packs_list_says_when_and_whose_in_the_users_words(pack_work, tmp_path):
    """`packs list` said "imported 2026-12-07T22:43:18+00:00 from …", "(bundled)",
    "(user)": the time in UTC for a firm in Beijing, English in the Chinese lines."""
    import re

    data = tmp_path / "data"
    cli("packs", "trust", str(pack_work["pub"]), data=data)
    assert cli("packs", "import", str(pack_work["rate"]), data=data).returncode == 0
    out = cli("packs", "list", data=data).stdout
    line = next(x for x in out.splitlines() if x.startswith(" * "))
    assert re.search(r"导入于 imported \d{4}-\d\d-\d\d \d\d:\d\d  来自 from rate\.pspack$",
                     line), line
    assert "（用户添加 user）" in out and "+00:00" not in out


def test_cli_refuses_a_truncated_pack_in_one_line(pack_work, tmp_path):
    data = tmp_path / "data"
    cli("packs", "trust", str(pack_work["pub"]), data=data)
    bad = tmp_path / "cut.pspack"
    bad.write_bytes(pack_work["base"].read_bytes()[:1000])
    r = cli("packs", "import", str(bad), data=data)
    assert r.returncode == 2 and "truncated" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not (data / "packs").exists()


def test_clause_db_pack_command(pack_work, tmp_path):
    import os

    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-m", "clause_db", "keygen", "-o", str(tmp_path / "k")],
                       capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "clause_db", "pack", "--key",
                        str(tmp_path / "k.key"), "-o", str(tmp_path / "p.pspack")],
                       capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "packed" in r.stdout
    assert (tmp_path / "p.pspack").read_bytes().startswith(packs.MAGIC)
    with zipfile.ZipFile(io.BytesIO(_payload(tmp_path / "p.pspack"))) as zf:
        assert zf.namelist() == [packs.MANIFEST, packs.DATABASE, packs.CASES]


def _pack_sources(sources: Path, key: Path, out: Path) -> subprocess.CompletedProcess:
    """`python -m clause_db pack --sources SOURCES --key KEY -o OUT`, as an analyst runs it."""
    return subprocess.run([sys.executable, "-m", "clause_db", "pack", "--sources",
                           str(sources), "--key", str(key), "-o", str(out)],
                          capture_output=True, text=True, cwd=ROOT, encoding="utf-8")


def test_clause_db_pack_refuses_sources_without_rule_cases(pack_work, tmp_path):
    """A copy of the sources without cases/ (docs/AUTHORING.md says it needs one) is not
    packed: one line saying where the cases are expected; no file written."""
    import shutil

    from clause_db.sources import SOURCES

    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    shutil.rmtree(sources / "cases", ignore_errors=True)
    out = tmp_path / "nocases.pspack"
    r = _pack_sources(sources, pack_work["key"], out)
    assert r.returncode == 2, r.stdout + r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert "没有测试案例" in r.stderr and str(sources / "cases") in r.stderr
    assert not out.exists()
    (sources / "cases").mkdir()  # an empty folder is no better
    r = _pack_sources(sources, pack_work["key"], out)
    assert r.returncode == 2 and "no rule cases" in r.stderr and not out.exists()


def test_clause_db_pack_refuses_sources_whose_rule_cases_fail(pack_work, tmp_path):
    """A rate changed without its cases: the pack was signed and written, and only each
    firm importing it was told its cases fail. Now `pack` says so and writes nothing."""
    import shutil

    from clause_db.sources import SOURCES

    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / "cases").mkdir()
    (sources / "cases" / "rate.yaml").write_text(
        (pack_work["root"] / "wrong-cases" / "rate.yaml").read_text(encoding="utf-8")
        .replace("246800", "999"), encoding="utf-8")
    out = tmp_path / "failing.pspack"
    r = _pack_sources(sources, pack_work["key"], out)
    assert r.returncode == 2, r.stdout + r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert "1 个测试案例中有 1 个未通过（首个：rate:compute at the new rate" in r.stderr
    assert f"python -m clause_db test --sources {sources}" in r.stderr
    assert "1 of its 1 rule cases fail" in r.stderr and not out.exists()


def test_cli_import_refuses_a_pack_without_rule_cases(pack_work, tmp_path):
    """A validly signed pack holding no rule cases (made by hand: `pack` refuses to) is
    refused in one line and changes nothing."""
    def no_cases(name, data):
        if name == packs.CASES:
            return b"[]"
        if name == packs.MANIFEST:
            manifest = json.loads(data)
            manifest["cases"] = 0
            manifest["files"][packs.CASES] = {"sha256": hashlib.sha256(b"[]").hexdigest(),
                                              "size": 2}
            manifest["pack_version"] = 99
            return json.dumps(manifest).encode("utf-8")
        return data

    empty = _rewrite(pack_work["rate"], tmp_path / "empty.pspack", no_cases, pack_work["key"])
    data = tmp_path / "data"
    cli("packs", "trust", str(pack_work["pub"]), data=data)
    before = _state_files_in(data)
    r = cli("packs", "import", str(empty), data=data)
    assert r.returncode == 2, r.stdout + r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert "不含任何测试案例" in r.stderr and "no rule cases" in r.stderr
    assert "rule cases passed" not in r.stdout
    assert _state_files_in(data) == before
    # the same content with its cases is imported
    r = cli("packs", "import", str(pack_work["rate"]), data=data)
    assert r.returncode == 0 and "1 rule cases passed" in r.stdout


def _state_files_in(data: Path) -> dict[str, bytes]:
    folder = data / "packs"
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


# ------------------------------------------------------------------ bundled keys


def test_the_bundled_keys_are_public_ed25519_keys_only():
    """resources/keys holds public halves only; the private release key lives off the repo."""
    from cryptography.hazmat.primitives import serialization

    folder = packs.bundled_keys_dir()
    files = sorted(folder.iterdir())
    assert files and all(f.suffix == ".pub" for f in files), files
    for f in files:
        text = f.read_bytes()
        assert b"PRIVATE" not in text
        with pytest.raises(ValueError):
            serialization.load_pem_private_key(text, password=None)
        _, fp = packs.read_public_key(f)
        assert packs.trusted_keys()[fp][1] == "bundled"
    skip = {".venv", ".git", "build", "dist"}
    keys = [p for d in ROOT.iterdir() if d.is_dir() and d.name not in skip
            for p in d.rglob("*.key")]
    assert keys == []


def test_cli_diff_of_two_packs_as_text(pack_work, tmp_path):
    data = tmp_path / "data"
    cli("packs", "trust", str(pack_work["pub"]), data=data)
    r = cli("packs", "diff", str(pack_work["base"]), str(pack_work["rate"]), data=data)
    assert r.returncode == 0, r.stderr
    assert "修改 changed: 1" in r.stdout
    assert "mentougou-03：计算方式" in r.stdout
    line = next(t for t in r.stdout.splitlines() if t.strip().startswith("计算方式："))
    before, after = line.split(" → ")
    assert "× 20%" in before and "比例 20%" in before
    assert "基数 行业大模型训练和应用实际发生的智能算力费用" in before  # the question, not its id
    assert "× 25%" in after and "比例 25%" in after and "方式 按比例" in after
    r = cli("packs", "diff", str(pack_work["stranger"]), data=data)
    assert r.returncode == 2 and "not trusted" in r.stderr
    r = cli("packs", "list", data=data)
    assert r.returncode == 0 and "bundled" in r.stdout and "imported: 0" in r.stdout
    assert packs.grouped(pack_work["fp"]) in r.stdout


@pytest.mark.parametrize("state", ["{", "[]", '{"history": 3}', '{"history": [1, {"db": 2}]}',
                                   '{"history": [{"pack_version": 1, "clause_db_version": "x",'
                                   ' "file": "f", "db": "../../nope", "db_size": "big"}]}'])
def test_a_damaged_state_file_means_the_bundled_base(state):
    folder = packs.packs_dir()
    folder.mkdir(parents=True)
    (folder / "state.json").write_text(state, encoding="utf-8")
    forget_default_db()
    assert packs.installed_db_path() is None
    assert default_db().version == open_db().version
    forget_default_db()


def test_a_signed_manifest_missing_a_field_is_refused_in_one_line(pack_work, trusted, tmp_path):
    def odd(name, data):
        return data.replace(b'"pack_version": 1', b'"pack_version": "1"') \
            if name == packs.MANIFEST else data

    bad = _rewrite(pack_work["base"], tmp_path / "odd.pspack", odd, key=pack_work["key"])
    with pytest.raises(packs.PackError, match="manifest lacks a field"):
        packs.verify_pack(bad)


def test_a_removed_policy_heads_the_diff(db):
    """A pack that drops a whole policy says so under the counts, before the item lines
    (it came last, after thousands of them)."""
    import copy
    import sqlite3

    from desktop_app.core.clausedb import ClauseDB, read_tables
    from desktop_app.paths import clause_db_path

    with sqlite3.connect(f"file:{clause_db_path()}?mode=ro", uri=True) as conn:
        tables = copy.deepcopy(read_tables(conn))
    tables["policies"] = [p for p in tables["policies"] if p["policy_id"] != "mentougou"]
    tables["items"] = [i for i in tables["items"] if i["policy_id"] != "mentougou"]
    lines = packs.diff_text(packs.diff_dbs(db, ClauseDB(tables, "test-no-mentougou"))
                            ).splitlines()
    assert lines[2] == f"  政策删除 mentougou：{db.policies['mentougou'].title}"
    assert lines[3].startswith("  - mentougou-")


def test_a_pack_older_than_the_apps_words_still_imports_and_assesses(pack_work, tmp_path):
    """A pack built before the app added a message (here stacking.note_higher) is used with
    the bundled base's words for it: its import (its rule cases run) and `assess` ended in
    a KeyError traceback."""
    import shutil

    from clause_db.packing import pack
    from clause_db.sources import SOURCES

    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    messages = sources / "messages.yaml"
    text = messages.read_text(encoding="utf-8")
    start = text.index("  stacking.note_higher:")
    end = text.index("  stacking.note_separate:")
    messages.write_text(text[:start] + text[end:], encoding="utf-8")
    older = tmp_path / "older.pspack"
    pack(older, pack_work["key"], sources=sources, cases=Path(__file__).parent / "cases",
         pack_version=7)

    data = tmp_path / "data"
    assert cli("packs", "trust", str(pack_work["pub"]), data=data).returncode == 0
    r = cli("packs", "import", str(older), data=data)
    assert r.returncode == 0, r.stderr
    profile = tmp_path / "group.json"
    profile.write_text(json.dumps({
        "company.district": "mentougou", "company.is_info_software": True,
        "assessment.year": 2025, "scenario.funding_received_yuan": 500000,
        "ai.compute_cost_yuan": 10000000}), encoding="utf-8")
    r = cli("assess", str(profile), "--as-of", "2026-11-24", "--format", "json", data=data)
    assert r.returncode == 0, r.stderr
    note = next(n for n in json.loads(r.stdout)["stacking"]
                if n["group_id"] == "mentougou-ai-project")
    assert "尚待确认" in note["note"] and "2,000,000" in note["note"]


def test_a_damaged_installed_pack_is_said_not_silently_replaced(pack_work, tmp_path):
    """The bundled base serves when the imported pack's database is damaged or gone, and
    every command says so in one line; `packs list` no longer marks the pack in use."""
    data = tmp_path / "data"
    assert cli("packs", "trust", str(pack_work["pub"]), data=data).returncode == 0
    assert cli("packs", "import", str(pack_work["rate"]), data=data).returncode == 0
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    fine = cli("assess", str(profile), "--as-of", "2026-11-24", data=data)
    assert fine.returncode == 0 and fine.stderr == ""
    for damage in ("truncate", "delete"):
        (db_file,) = (data / "packs" / "db").glob("*.sqlite")
        if damage == "truncate":
            db_file.write_bytes(db_file.read_bytes()[:4096])
        else:
            db_file.unlink()
        r = cli("assess", str(profile), "--as-of", "2026-11-24", "--format", "json",
                data=data)
        assert r.returncode == 0
        got = {x["item_id"]: x for x in json.loads(r.stdout)["results"]}
        assert got["mentougou-03"]["max_amount_yuan"] == 246800  # the bundled 20%
        (line,) = r.stderr.splitlines()
        assert "更新包无法读取" in line and "bundled" in line, damage
        assert "数据库" in line.split(" / ")[0], line  # the Chinese half says why too
        listed = cli("packs", "list", data=data)
        assert "随程序安装的条款库" in listed.stdout and "无法读取" in listed.stdout
        assert " * 2 " not in listed.stdout
    # as the warning says: imported again, the pack is whole and in use, one entry still
    # (it answered "already in use; nothing changed")
    r = cli("packs", "import", str(pack_work["rate"]), data=data)
    assert r.returncode == 0 and "already in use" not in r.stdout and r.stderr == ""
    r = cli("assess", str(profile), "--as-of", "2026-11-24", "--format", "json", data=data)
    got = {x["item_id"]: x for x in json.loads(r.stdout)["results"]}
    assert got["mentougou-03"]["max_amount_yuan"] == 308500 and r.stderr == ""
    state = json.loads((data / "packs" / "state.json").read_text(encoding="utf-8"))
    assert len(state["history"]) == 1


def test_packs_list_json_says_the_bundled_base_serves_and_the_pack_is_unreadable(pack_work,
                                                                              tmp_path):
    """A damaged imported pack: the JSON gave its version beside "bundled", as though that
    pack were the base in use. Now, as the text's `!` and 无法读取 say: the bundled base,
    no pack version; the pack listed, marked unreadable."""
    data = tmp_path / "data"
    assert cli("packs", "trust", str(pack_work["pub"]), data=data).returncode == 0
    assert cli("packs", "import", str(pack_work["rate"]), data=data).returncode == 0
    whole = json.loads(cli("packs", "list", "--format", "json", data=data).stdout)
    assert whole["in_use"]["source"] == "pack" and whole["in_use"]["pack_version"] == 2
    assert "unreadable" not in whole["installed"][-1]
    (db_file,) = (data / "packs" / "db").glob("*.sqlite")
    db_file.write_bytes(db_file.read_bytes()[:4096])
    r = cli("packs", "list", "--format", "json", data=data)
    assert r.returncode == 0 and "更新包无法读取" in r.stderr
    info = json.loads(r.stdout)
    assert info["in_use"]["source"] == "bundled" and info["in_use"]["pack_version"] is None
    assert info["in_use"]["clause_db_version"] != whole["in_use"]["clause_db_version"]
    (entry,) = info["installed"]
    assert entry["pack_version"] == 2 and entry["unreadable"] is True
    text = cli("packs", "list", data=data).stdout
    assert " ! 2 " in text and "无法读取 unreadable" in text


def test_trusting_the_bundled_key_says_it_is_always_trusted(tmp_path):
    """It said to delete a copy to take the trust back, which would change nothing."""
    data = tmp_path / "data"
    key = Path(__file__).resolve().parent.parent / "resources" / "keys"
    (pub,) = key.glob("*.pub")
    r = cli("packs", "trust", str(pub), data=data)
    assert r.returncode == 0 and "随程序附带，始终受信任" in r.stdout
    assert "请删除" not in r.stdout and not list((data / "keys").glob("*.pub"))


def test_a_damaged_record_of_imports_is_said(pack_work, tmp_path):
    """packs/state.json garbled: the imported pack was forgotten without a word. Now every
    command warns; importing the pack again puts it back in use."""
    data = tmp_path / "data"
    assert cli("packs", "trust", str(pack_work["pub"]), data=data).returncode == 0
    assert cli("packs", "import", str(pack_work["rate"]), data=data).returncode == 0
    (data / "packs" / "state.json").write_text("{garbled", encoding="utf-8")
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    r = cli("assess", str(profile), "--as-of", "2026-11-24", data=data)
    assert r.returncode == 0 and "更新包无法读取" in r.stderr and "state.json" in r.stderr
    assert "导入记录 packs/state.json 无法读取" in r.stderr.split(" / ")[0]
    assert cli("packs", "import", str(pack_work["rate"]), data=data).returncode == 0
    r = cli("assess", str(profile), "--as-of", "2026-11-24", "--format", "json", data=data)
    got = {x["item_id"]: x for x in json.loads(r.stdout)["results"]}
    assert got["mentougou-03"]["max_amount_yuan"] == 308500 and r.stderr == ""


@pytest.mark.parametrize("version", [-3, 0, 10**19])
def test_a_pack_version_out_of_range_is_refused_before_anything_is_written(
        pack_work, tmp_path, version):
    """-3 and a 20-digit version were packed; the latter, once imported, made every later
    pack "older" than the one in use."""
    from clause_db.packing import pack

    out = tmp_path / "odd.pspack"
    with pytest.raises(packs.PackError, match="--pack-version"):
        pack(out, pack_work["key"], pack_version=version)
    assert not out.exists()


def test_packs_list_shows_each_edition_of_a_policy(pack_work, tmp_path):
    """A pack's final edition was not listed: only the draft's status and period."""
    import shutil

    from test_editions import _sources, _with_final

    from clause_db.packing import pack
    from clause_db.sources import REPO_CASES

    sources = _sources(tmp_path, _with_final)
    (sources / "cases").mkdir()  # Dongcheng's cases: Mentougou's are the draft's alone
    shutil.copy(REPO_CASES / "dongcheng.yaml", sources / "cases")
    out = tmp_path / "final.pspack"
    pack(out, pack_work["key"], sources=sources, pack_version=7)
    data = tmp_path / "data"
    assert cli("packs", "trust", str(pack_work["pub"]), data=data).returncode == 0
    imported = cli("packs", "import", str(out), data=data)
    assert imported.returncode == 0, imported.stderr
    line = next(x for x in cli("packs", "list", data=data).stdout.splitlines()
                if x.startswith("  mentougou:"))
    assert "[征求意见稿] 印发之日 – 2026-12-31" in line
    assert "[正式稿] 2027-01-01 – 2029-12-31" in line
