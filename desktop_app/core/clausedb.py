"""Read access to the bundled clause database (plain sqlite3, no heavy imports)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1"
JSON_COLUMNS = {"criteria", "formula", "materials", "ask_bureau", "facts", "options",
                "glossary", "used_by", "items"}


class ClauseDBError(Exception):
    """The clause database is missing, unreadable or has been altered."""


class _Record:
    """A read-only row: its fields are the class's annotations.

    Plain slotted classes rather than dataclasses: the wizard and the command line
    load these at every start, and making dataclasses costs milliseconds there.
    """

    __slots__ = ()

    def __init__(self, row: dict[str, Any]):
        for name in self.__slots__:
            object.__setattr__(self, name, row.get(name))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.as_dict()!r})"


class Policy(_Record):
    policy_id: str
    title: str
    title_en: str
    district: str
    bureau: str
    bureau_en: str
    status: str
    status_en: str
    source_file: str
    valid_from: str | None
    valid_until: str | None
    payout_until: str | None
    payout_note: str | None
    valid_years: int | None
    validity_text: str
    validity_en: str
    interpretation: str
    phone: str | None
    third_party_warning: str | None
    third_party_warning_en: str | None
    stacking_rule: str | None
    last_checked: str
    __slots__ = tuple(__annotations__)


class Item(_Record):
    item_id: str
    policy_id: str
    article: str
    chapter: str
    text: str
    benefit: str
    benefit_en: str
    criteria: list[dict[str, Any]]
    formula: dict[str, Any]
    materials: list[dict[str, Any]]
    ask_bureau: list[dict[str, str]]
    facts: list[str]
    beneficiary: str  # "applicant", or "new_subsidiary" where the money goes to a new firm
    __slots__ = tuple(__annotations__)


class Fact(_Record):
    fact_id: str
    type: str
    topic: str
    zh: str
    en: str
    help_zh: str
    help_en: str
    options: list[dict[str, str]] | None
    min: int | None
    max: int | None
    format: str | None
    max_length: int | None
    glossary: list[str]
    used_by: list[str]
    __slots__ = tuple(__annotations__)

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def option_label(self, value: str, lang: str = "zh") -> str:
        for opt in self.options or []:
            if opt["value"] == value:
                return opt[lang]
        return value


class StackingGroup(_Record):
    group_id: str
    policy_id: str
    kind: str
    items: list[str]
    zh: str
    en: str
    __slots__ = tuple(__annotations__)


class Topic(_Record):
    topic_id: str
    zh: str
    en: str
    __slots__ = tuple(__annotations__)


class GlossaryTerm(_Record):
    term: str
    en_term: str
    zh: str
    en: str
    __slots__ = tuple(__annotations__)


class ClauseDB:
    """The whole clause database, loaded into memory (it is small)."""

    def __init__(self, tables: dict[str, list[dict[str, Any]]], version: str):
        self.version = version
        # Tables are hashed in key order; the app shows them in the order of the texts.
        rows = {name: sorted(r, key=lambda row: row.get("seq", 0)) for name, r in tables.items()}
        self.policies = {r["policy_id"]: Policy(r) for r in rows["policies"]}
        self.items = [Item(r) for r in rows["items"]]
        self.facts = {r["fact_id"]: Fact(r) for r in rows["facts"]}
        self.topics = [Topic(r) for r in rows["topics"]]
        self.glossary = [GlossaryTerm(r) for r in rows["glossary"]]
        self.stacking = [StackingGroup(r) for r in rows["stacking"]]
        self.messages = {r["key"]: {"zh": r["zh"], "en": r["en"]} for r in rows["messages"]}
        self.item_by_id = {i.item_id: i for i in self.items}
        self.fact_rank = {fact_id: n for n, fact_id in enumerate(self.facts)}

    def fact(self, fact_id: str) -> Fact:
        return self.facts[fact_id]

    def msg(self, key: str, lang: str = "zh", **params: Any) -> str:
        return self.messages[key][lang].format(**params)



def read_tables(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in primary-key order, JSON columns decoded."""
    conn.row_factory = sqlite3.Row
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    tables = {}
    for name in names:
        rows = []
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
            rec = dict(row)
            for key in JSON_COLUMNS & rec.keys():
                if rec[key] is not None:
                    rec[key] = json.loads(rec[key])
            rows.append(rec)
        tables[name] = rows
    return tables


def content_hash(tables: dict[str, list[dict[str, Any]]]) -> str:
    """The database's version: a hash of every table but `meta`, in a canonical form."""
    payload = {name: rows for name, rows in tables.items() if name != "meta"}
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def open_db(path: str | Path | None = None) -> ClauseDB:
    """Load and verify the clause database; refuse one whose content does not match its hash."""
    if path is None:
        from desktop_app.paths import clause_db_path

        path = clause_db_path()
    path = Path(path)
    if not path.is_file():
        raise ClauseDBError(f"clause database not found: {path}")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            tables = read_tables(conn)
    except sqlite3.Error as exc:
        raise ClauseDBError(f"clause database unreadable: {path}: {exc}") from exc
    meta = {r["key"]: r["value"] for r in tables.get("meta", [])}
    stored = meta.get("clause_db_version")
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise ClauseDBError(f"clause database has schema {meta.get('schema_version')!r}, "
                            f"this app reads {SCHEMA_VERSION!r}")
    actual = content_hash(tables)
    if stored != actual:
        raise ClauseDBError(f"clause database content does not match its version "
                            f"(stored {stored}, content {actual}): refusing to use it")
    return ClauseDB(tables, stored)


_cached: ClauseDB | None = None


def default_db() -> ClauseDB:
    """The bundled database, loaded once per process."""
    global _cached
    if _cached is None:
        _cached = open_db()
    return _cached
