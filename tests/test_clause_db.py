"""The clause database: reproducible build, tamper check, source validation, contract ids."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from contract_ids import CONTRACT_ITEM_IDS

from clause_db import build as build_mod
from clause_db.sources import ORIGINALS, SOURCES, SourceError, load_sources, original_text
from desktop_app.core.clausedb import ClauseDBError, content_hash, open_db, read_raw_tables
from desktop_app.paths import clause_db_path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT.parent / "shared" / "spec" / "contract.md"
SHARED_POLICIES = ROOT.parent / "shared" / "policies"

CONTRACT_IDS = CONTRACT_ITEM_IDS


def contract_ids() -> list[str]:
    if not CONTRACT.is_file():
        return CONTRACT_IDS
    text = CONTRACT.read_text(encoding="utf-8")
    section = text.split("## 1.", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\|\s*((?:mentougou|dongcheng)-[0-9-]+)\s*\|", section, re.M)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[Path, str]:
    return build_mod.build(tmp_path_factory.mktemp("build") / "clauses.sqlite")


# ------------------------------------------------------------------ reproducible build

def test_shipped_database_equals_a_fresh_build(fresh, db):
    path, version = fresh
    assert build_mod.dump(clause_db_path()) == build_mod.dump(path), (
        "resources/clauses.sqlite is stale: run `python -m clause_db build`")
    assert db.version == version
    assert open_db(path).version == version


def test_building_twice_gives_identical_dumps(fresh, tmp_path):
    path, version = fresh
    again, version2 = build_mod.build(tmp_path / "again.sqlite")
    assert version2 == version
    assert build_mod.dump(again) == build_mod.dump(path)
    assert again.read_bytes() == path.read_bytes()


def test_stored_version_is_the_content_hash(fresh):
    path, version = fresh
    with sqlite3.connect(path) as conn:
        stored = dict(conn.execute("SELECT key, value FROM meta"))
    assert stored["clause_db_version"] == version
    assert re.fullmatch(r"[0-9a-f]{16}", version)


# ------------------------------------------------------------------ tamper check

def _altered_copy(src: Path, tmp_path: Path, sql: str, *params) -> Path:
    copy = tmp_path / "altered.sqlite"
    shutil.copyfile(src, copy)
    with sqlite3.connect(copy) as conn:
        assert conn.execute(sql, params).rowcount >= 1
    return copy


@pytest.mark.parametrize("sql, params", [
    ("UPDATE items SET text = text || ? WHERE item_id = 'mentougou-03'", ("，另加一句",)),
    ("UPDATE items SET formula = replace(formula, '0.20', '0.90') WHERE item_id = 'mentougou-03'",
     ()),
    ("UPDATE facts SET zh = ? WHERE fact_id = 'company.is_sme'", ("改过",)),
    ("DELETE FROM items WHERE item_id = ?", ("dongcheng-08",)),
    ("UPDATE meta SET value = ? WHERE key = 'clause_db_version'", ("0000000000000000",)),
], ids=["item text", "formula rate", "fact label", "deleted item", "stored version"])
def test_altered_database_is_refused(fresh, tmp_path, sql, params):
    altered = _altered_copy(fresh[0], tmp_path, sql, *params)
    with pytest.raises(ClauseDBError):
        open_db(altered)


def _refusal(path: Path) -> str:
    with pytest.raises(ClauseDBError) as caught:
        open_db(path)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message, message
    return message


@pytest.mark.parametrize("damage", ["{not json", "[" * 100_000, b"\xff\xfe[]"],
                         ids=["broken JSON", "deep nesting", "bytes"])
def test_damaged_json_cell_is_refused_by_the_hash_check_in_one_line(fresh, tmp_path, damage):
    altered = _altered_copy(fresh[0], tmp_path,
                            "UPDATE items SET criteria = ? WHERE item_id = 'mentougou-03'",
                            damage)
    message = _refusal(altered)
    # the hash refusal (it names the content's hash), not a decoding error
    assert re.search(r"does not match its version \(stored [0-9a-f]{16}, content "
                     r"[0-9a-f]{16}\): refusing to use it", message), message


def test_a_valid_json_change_is_refused_too(fresh, tmp_path):
    # the same criteria, re-encoded: equal once decoded, different as stored
    with sqlite3.connect(fresh[0]) as conn:
        stored = conn.execute("SELECT criteria FROM items WHERE item_id = 'mentougou-03'"
                              ).fetchone()[0]
    spaced = json.dumps(json.loads(stored), ensure_ascii=True, indent=1)
    assert spaced != stored
    altered = _altered_copy(fresh[0], tmp_path,
                            "UPDATE items SET criteria = ? WHERE item_id = 'mentougou-03'",
                            spaced)
    assert "does not match its version" in _refusal(altered)


def test_the_version_is_the_hash_of_the_stored_cells(fresh):
    # content_hash reads the raw cells: no JSON column is decoded to verify
    with sqlite3.connect(fresh[0]) as conn:
        raw = read_raw_tables(conn)
    assert all(isinstance(v, str | int | float | type(None))
               for _, rows in raw.values() for row in rows for v in row)
    assert content_hash(raw) == fresh[1]
    columns, rows = raw["items"]
    at = columns.index("criteria")
    raw["items"] = (columns, [(*rows[0][:at], "{not json", *rows[0][at + 1:]), *rows[1:]])
    assert content_hash(raw) != fresh[1]  # hashed as text, never decoded


@pytest.fixture
def built_wrongly(fresh, tmp_path) -> Path:
    """A database whose stored version is the hash of content that is not JSON."""
    altered = _altered_copy(fresh[0], tmp_path,
                            "UPDATE items SET criteria = ? WHERE item_id = 'mentougou-03'",
                            "{not json")
    with sqlite3.connect(altered) as conn:
        version = content_hash(read_raw_tables(conn))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'clause_db_version'", (version,))
    return altered


def test_content_matching_its_hash_but_unreadable_is_refused_in_one_line(built_wrongly):
    # Items are decoded as first read: the refusal comes then, in one line.
    db = open_db(built_wrongly)
    item = db.item_by_id["mentougou-03"]
    assert item.text  # plain columns are there at once
    with pytest.raises(ClauseDBError) as caught:
        item.criteria  # noqa: B018
    message = str(caught.value)
    assert "items.criteria is not JSON (built wrongly): refusing to use it" in message
    assert "\n" not in message
    assert db.item_by_id["mentougou-04"].criteria  # the others decode


def test_wrong_schema_version_is_refused(fresh, tmp_path):
    altered = _altered_copy(fresh[0], tmp_path,
                            "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ClauseDBError, match="schema"):
        open_db(altered)


def test_missing_or_garbage_file_is_refused(tmp_path):
    with pytest.raises(ClauseDBError, match="not found"):
        open_db(tmp_path / "nothing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ClauseDBError):
        open_db(junk)


# ------------------------------------------------------------------ source validation

@pytest.fixture
def broken_sources(tmp_path):
    """A writable copy of the sources; edit(name, fn) changes one YAML file in it."""
    target = tmp_path / "sources"
    shutil.copytree(SOURCES, target)

    def edit(name: str, change) -> Path:
        path = target / name
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(doc)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        return target

    return edit


def _item(doc: dict, item_id: str) -> dict:
    return next(i for i in doc["items"] if i["id"] == item_id)


def test_the_real_sources_are_valid(tmp_path):
    assert load_sources() is not None
    copy = tmp_path / "copy"
    shutil.copytree(SOURCES, copy)
    src = load_sources(copy)  # a copy round-trips through the directory parameter
    assert [i["id"] for d in src.policies for i in d["items"]] == contract_ids()


def _set_test(item_id: str, criterion: int, test: dict):
    def change(doc):
        _item(doc, item_id)["criteria"][criterion]["test"] = test
    return change


BROKEN = {
    "unknown fact in a test": (
        "mentougou.yaml", _set_test("mentougou-03", 1, {"fact": "ai.no_such_fact", "gt": 0}),
        r"mentougou-03.*unknown fact 'ai\.no_such_fact'"),
    "gt on a bool fact": (
        "dongcheng.yaml", _set_test("dongcheng-08", 0, {"fact": "company.is_sme", "gt": 0}),
        r"dongcheng-08.*gt on company\.is_sme, a bool fact"),
    "is on a money fact": (
        "dongcheng.yaml", _set_test("dongcheng-08", 1, {"fact": "cloud.zijin_contract_yuan",
                                                        "is": True}),
        r"dongcheng-08.*'is' on cloud\.zijin_contract_yuan"),
    "enum value not an option": (
        "dongcheng.yaml",
        lambda d: d["common_criteria"][0].update(test={"fact": "company.district",
                                                       "eq": "atlantis"}),
        r"common criterion district.*atlantis"),
    "two operators": (
        "mentougou.yaml", _set_test("mentougou-07", 1, {"fact": "data.asset_booked_amount_yuan",
                                                        "gt": 1, "lt": 5}),
        r"mentougou-07.*exactly one operator"),
    "item without text": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-05").pop("text"),
        r"mentougou-05.*item without text"),
    "item text not verbatim": (
        "dongcheng.yaml",
        lambda d: _item(d, "dongcheng-14").update(text="对于获得北京市未来产业基地的企业"),
        r"dongcheng-14.*not verbatim"),
    "criterion not in the article": (
        "dongcheng.yaml",
        lambda d: _item(d, "dongcheng-14")["criteria"][0].update(text="数字经济核心产业领域内企业"),
        r"dongcheng-14.*criterion 1 is not in the article"),
    "formula base not money": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-03")["formula"].update(
            base=["first_set.items"]),
        r"mentougou-03.*formula base first_set\.items is not a money fact"),
    "formula base unknown": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-03")["formula"].update(
            base=["ai.nothing_yuan"]),
        r"mentougou-03.*unknown fact 'ai\.nothing_yuan'"),
    "rate above one": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-03")["formula"].update(rate="20"),
        r"mentougou-03.*rate 20.0 is outside"),
    "rate differs from the words": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-03")["formula"].update(rate="0.25"),
        r"mentougou-03.*formula's zh says 20% but its rate is 0\.25 \(25%\)"),
    "rate differs from the English words": (
        "dongcheng.yaml", lambda d: _item(d, "dongcheng-08")["formula"].update(
            en="valid contract total × 5%"),
        r"dongcheng-08.*formula's en says 5% but its rate is 0\.50 \(50%\)"),
    "per_unit on money": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-02-2")["formula"].update(
            unit_fact="first_set.first_three_sales_yuan"),
        r"mentougou-02-2.*per_unit needs a count fact"),
    "negative cap": (
        "dongcheng.yaml", lambda d: _item(d, "dongcheng-08")["formula"]["caps"][0].update(
            value=-1),
        r"dongcheng-08.*positive whole value"),
    "unreachable cap": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-12")["formula"]["caps"].reverse(),
        r"mentougou-12.*cap 2 is never reached"),
    "cap_only with only a conditional cap": (
        "dongcheng.yaml", lambda d: _item(d, "dongcheng-14")["formula"]["caps"][0].update(
            when={"fact": "company.is_sme", "is": True}),
        r"dongcheng-14.*cap_only needs a last cap without `when`"),
    "unpublished without a question": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-13")["criteria"][1].update(
            unpublished={"zh": "请问"}),
        r"mentougou-13.*unpublished needs the question in zh and en"),
    "repeated item id": (
        "dongcheng.yaml", lambda d: _item(d, "dongcheng-11").update(id="dongcheng-10"),
        r"dongcheng-10.*repeated item id"),
    "stacking names an unknown item": (
        "mentougou.yaml", lambda d: d["stacking"][0]["items"].append("mentougou-99"),
        r"mentougou-first-set names unknown 'mentougou-99'"),
    "criterion without test or review": (
        "mentougou.yaml", lambda d: _item(d, "mentougou-05")["criteria"][0].pop("test"),
        r"mentougou-05.*needs a test or review"),
    "fact of unknown type": (
        "facts.yaml", lambda d: d["facts"][0].update(type="colour"),
        r"facts\.yaml: fact company\.name: unknown type 'colour'"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_sources_give_clear_errors(broken_sources, name):
    file, change, message = BROKEN[name]
    directory = broken_sources(file, change)
    with pytest.raises(SourceError, match=message):
        load_sources(directory)


def test_build_command_reports_a_source_error(tmp_path, monkeypatch, capsys):
    from clause_db import __main__ as cli

    src = tmp_path / "s"
    shutil.copytree(SOURCES, src)
    (src / "facts.yaml").write_text("facts: [unclosed", encoding="utf-8")
    monkeypatch.setattr(build_mod, "load_sources", lambda: load_sources(src))
    rc = cli.main(["build", "-o", str(tmp_path / "out.sqlite")])
    assert rc == 1
    assert "facts.yaml: not valid YAML" in capsys.readouterr().err
    assert not (tmp_path / "out.sqlite").exists()


# ------------------------------------------------------------------ content against the texts

def test_item_ids_equal_the_contract(db):
    assert [i.item_id for i in db.items] == contract_ids()
    assert len(db.items) == 32


def test_item_texts_are_verbatim_and_articles_are_the_texts(db):
    for item in db.items:
        policy = db.policies[item.policy_id]
        text = original_text(policy.source_file)
        assert item.text in text, item.item_id
        # The article number stands right before the article's words.
        assert re.search(re.escape(item.article) + r"\s*" + re.escape(item.text[:12]), text), (
            item.item_id, item.article)


def test_bundled_originals_equal_the_shared_policies():
    if not SHARED_POLICIES.is_dir():
        pytest.skip("../shared/policies is not present")
    for shared in SHARED_POLICIES.glob("*.txt"):
        assert (ORIGINALS / shared.name).read_bytes() == shared.read_bytes(), shared.name


def test_criteria_follow_the_order_of_the_text(db):
    """Contract: criteria in the order the text states them (by where each phrase ends)."""
    for item in db.items:
        ends = [item.text.find(c["text"]) + len(c["text"]) for c in item.criteria
                if not c.get("common") and c.get("verbatim", True)]
        assert all(e >= len(c) for e, c in zip(ends, item.criteria, strict=False)), item.item_id
        assert ends == sorted(ends), (item.item_id, [c["text"] for c in item.criteria])


def test_every_fact_the_items_read_exists(db):
    used = {f for item in db.items for f in item.facts}
    assert used <= set(db.facts)
    # Facts no rule reads are only the firm's identity, context and applicant particulars
    # (issue 9), the firm's word on which same-project groups are separate projects (read
    # by the totals), and the facts of the clause shapes no shipped item uses yet (topic
    # `growth`; tests/test_shapes.py).
    shapes_only = {f for f, fact in db.facts.items() if fact.topic == "growth"}
    assert set(db.facts) - used - shapes_only <= {
        "company.name", "company.uscc", "company.is_info_software",
        "company.is_digital_economy_core", "company.legal_representative",
        "company.contact_person", "company.contact_phone", "company.contact_email",
        "company.address", "stacking.separate_projects"}
    for fact in db.facts.values():
        assert fact.used_by == [i.item_id for i in db.items if fact.fact_id in i.facts]


def test_stacking_groups_name_known_items(db):
    for group in db.stacking:
        assert len(group.items) >= 2
        assert set(group.items) <= set(db.item_by_id)
        assert all(i.startswith(group.policy_id) for i in group.items)


# ------------------------------------------------------------------ freshness check

def _check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clause_db", "check", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_check_passes_while_current():
    proc = _check("--as-of", "2026-11-24")
    assert proc.returncode == 0, proc.stderr


def test_check_fails_when_mentougou_has_expired():
    proc = _check("--as-of", "2027-01-05")
    assert proc.returncode != 0
    assert "mentougou" in proc.stderr and "expired" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_check_fails_when_the_texts_were_not_checked_lately(db):
    last = max(date.fromisoformat(p.last_checked) for p in db.policies.values())
    proc = _check("--as-of", (last + timedelta(days=200)).isoformat())
    assert proc.returncode != 0
    assert "last checked" in proc.stderr
    assert "dongcheng" in proc.stderr  # Dongcheng never expires; only its age fails


PAIRS = ("（）", "()", "“”", "《》", "【】")


def test_criteria_quote_whole_phrases(db):
    """Each criterion's text reads as a complete condition: brackets and quotes closed, and
    not a fragment cut off before what it qualifies (issue 8: "首次列入重点跟踪范围（2025年起",
    "每项首台（套）", "2024年以来")."""
    cut_short = ("以来", "年起", "每项首台（套）")
    for item in db.items:
        for c in item.criteria:
            for text in (c["text"], c.get("en", "")):
                for left, right in PAIRS:
                    assert text.count(left) == text.count(right), (item.item_id, text)
            assert not c["text"].endswith(cut_short), (item.item_id, c["text"])
