"""Build the bundled SQLite clause database from the YAML sources, deterministically."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils

from clause_db.sources import Sources, load_sources
from desktop_app.core.amounts import formula_facts
from desktop_app.core.atomic import atomic_path
from desktop_app.core.clausedb import SCHEMA_VERSION, content_hash, read_tables
from desktop_app.core.editions import editions_of
from desktop_app.core.logic import facts_read
from desktop_app.paths import clause_db_path

POLICY_COLUMNS = ("title", "title_en", "district", "bureau", "bureau_en", "status", "status_en",
                  "source_file", "valid_from", "valid_until", "payout_until", "payout_note",
                  "valid_years", "validity_text", "validity_en", "interpretation", "phone",
                  "third_party_warning", "third_party_warning_en", "stacking_rule",
                  "last_checked")


def _criteria(doc: dict[str, Any], item: dict[str, Any], own: list[dict[str, Any]]
              ) -> list[dict[str, Any]]:
    """The policy's common criteria (those the item does not skip), then the item's own."""
    skip = set(item.get("skip_common", []))
    commons = [dict(c, common=True) for c in doc.get("common_criteria", []) if c["id"] not in skip]
    return commons + [dict(c, common=False) for c in own]


def _facts_of(criteria: list[dict[str, Any]], formula: dict[str, Any]) -> list[str]:
    facts: list[str] = []
    for c in criteria:
        facts += facts_read(c.get("test"))
    return facts + formula_facts(formula)  # every shape's facts, caps included


def _by_edition(doc: dict[str, Any], item: dict[str, Any]) -> dict[str, Any] | None:
    """An item's wording per edition, its criteria completed as the item's own are."""
    out = {}
    for edition, changes in (item.get("by_edition") or {}).items():
        changes = dict(changes)
        if "criteria" in changes:
            changes["criteria"] = _criteria(doc, item, changes["criteria"])
        out[edition] = changes
    return out or None


def _item_rows(src: Sources) -> list[dict[str, Any]]:
    rows = []
    for doc in src.policies:
        policy = doc["policy"]
        for item in doc["items"]:
            criteria = _criteria(doc, item, item["criteria"])
            formula = item["formula"]
            by_edition = _by_edition(doc, item)
            facts = _facts_of(criteria, formula)
            for changes in (by_edition or {}).values():
                facts += _facts_of(changes.get("criteria", []), changes.get("formula", {}))
            if policy.get("valid_until") or policy.get("editions"):
                facts.append("assessment.year")  # the validity check reads the data year
            rows.append({
                "item_id": item["id"],
                "seq": len(rows) + 1,
                "policy_id": policy["id"],
                "article": item["article"],
                "chapter": item["chapter"],
                "text": item["text"],
                "benefit": item["benefit"],
                "benefit_en": item["benefit_en"],
                "criteria": criteria,
                "formula": formula,
                "materials": item.get("materials", []),
                # Who applies and receives the money (contract §4: dongcheng-07's new firm).
                "beneficiary": item.get("beneficiary", "applicant"),
                "ask_bureau": item.get("ask_bureau", []),
                "facts": list(dict.fromkeys(facts)),
                "editions": item.get("editions"),
                "by_edition": by_edition,
            })
    return rows


def _tables(src: Sources) -> dict[str, list[dict[str, Any]]]:
    items = _item_rows(src)
    used_by: dict[str, list[str]] = {}
    for item in items:
        for fact in item["facts"]:
            used_by.setdefault(fact, []).append(item["item_id"])
    # A `groups` fact chooses among the same-project stacking groups: they are its options.
    groups = [{"value": g["id"], "zh": g["zh"], "en": g["en"]}
              for doc in src.policies for g in doc.get("stacking", [])
              if g["kind"] == "same_project"]
    facts = []
    for seq, f in enumerate(src.facts, 1):
        facts.append({
            "fact_id": f["id"], "seq": seq, "type": f["type"], "topic": f["topic"],
            "zh": f["zh"], "en": f["en"], "help_zh": f["help_zh"], "help_en": f["help_en"],
            "options": groups if f["type"] == "groups" else f.get("options"),
            "min": f.get("min"), "max": f.get("max"),
            "format": f.get("format"), "max_length": f.get("max_length"),
            "glossary": f.get("glossary", []), "used_by": used_by.get(f["id"], []),
        })
    policies = []
    for seq, doc in enumerate(src.policies, 1):
        p = doc["policy"]
        row = {"policy_id": p["id"], "seq": seq}
        row.update({k: _plain(p.get(k)) for k in POLICY_COLUMNS})
        row["editions"] = [{k: _plain(e.get(k)) for k in e} for e in editions_of(p)]
        policies.append(row)
    stacking = []
    for doc in src.policies:
        for g in doc.get("stacking", []):
            stacking.append({"group_id": g["id"], "seq": len(stacking) + 1,
                             "policy_id": doc["policy"]["id"], "kind": g["kind"],
                             "items": g["items"], "zh": g["zh"], "en": g["en"]})
    return {
        "policies": policies,
        "items": items,
        "facts": facts,
        "topics": [{"topic_id": t["id"], "seq": n, "zh": t["zh"], "en": t["en"]}
                   for n, t in enumerate(src.topics, 1)],
        "glossary": [{"term": t["term"], "seq": n, "en_term": t["en_term"], "zh": t["zh"],
                      "en": t["en"]} for n, t in enumerate(src.glossary, 1)],
        "stacking": stacking,
        "messages": [{"key": k, "zh": v["zh"], "en": v["en"]}
                     for k, v in sorted(src.messages.items())],
    }


def _plain(value: Any) -> Any:
    # YAML reads 2026-12-31 as a date; the database stores ISO text.
    return value.isoformat() if hasattr(value, "isoformat") else value


PRIMARY_KEYS = {"policies": "policy_id", "items": "item_id", "facts": "fact_id",
                "topics": "topic_id", "glossary": "term", "stacking": "group_id",
                "messages": "key"}


def build(target: Path | None = None, sources: Path | None = None) -> tuple[Path, str]:
    """Validate the sources (default: clause_db/sources) and write the database;
    returns its path and version."""
    target = Path(target or clause_db_path())
    tables = _tables(load_sources(sources) if sources is not None else load_sources())
    with atomic_path(target) as tmp:
        tmp.unlink()
        db = sqlite_utils.Database(tmp)
        for name in sorted(tables):
            if not tables[name]:  # a policy without stacking groups: the table still exists
                db[name].create({PRIMARY_KEYS[name]: str, "seq": int}, pk=PRIMARY_KEYS[name])
            db[name].insert_all(tables[name], pk=PRIMARY_KEYS[name])
        conn = db.conn
        version = content_hash(read_tables(conn))
        conn.row_factory = None
        db["meta"].insert_all([
            {"key": "clause_db_version", "value": version},
            {"key": "schema_version", "value": SCHEMA_VERSION},
        ], pk="key")
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
    return target, version


def dump(path: Path) -> str:
    """A canonical text form of a database, for comparing two builds."""
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump())
