"""Read access to the bundled clause database (plain sqlite3, no heavy imports)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1"
JSON_COLUMNS = {"criteria", "formula", "materials", "ask_bureau", "facts", "options",
                "glossary", "used_by", "items", "editions", "by_edition"}


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
    editions: list[dict[str, Any]] | None  # core/editions.py; None in older databases
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
    editions: list[str] | None  # the policy editions holding this item (None: all)
    by_edition: dict[str, dict[str, Any]] | None  # how an edition words it differently
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
        for name in ("stacking", "glossary", "topics"):  # a pack may have none of these
            rows.setdefault(name, [])
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



def read_raw_tables(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in primary-key order, exactly as stored (JSON columns as text)."""
    conn.row_factory = sqlite3.Row
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: [dict(row) for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1')]
            for name in names}


def decode_tables(raw: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The JSON columns decoded (ValueError or RecursionError for a column that is not JSON)."""
    tables = {}
    for name, rows in raw.items():
        decoded = []
        for row in rows:
            rec = dict(row)
            for key in JSON_COLUMNS & rec.keys():
                if rec[key] is not None:
                    if not isinstance(rec[key], str):
                        raise ValueError(f"{name}.{key} is not JSON text")
                    rec[key] = json.loads(rec[key])
            decoded.append(rec)
        tables[name] = decoded
    return tables


def read_tables(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in primary-key order, JSON columns decoded."""
    return decode_tables(read_raw_tables(conn))


def content_hash(tables: dict[str, list[dict[str, Any]]]) -> str:
    """The database's version: a hash of every table but `meta`, in a canonical form."""
    payload = {name: rows for name, rows in tables.items() if name != "meta"}
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def sqlite_uri(path: str | Path, mode: str = "ro") -> str:
    """A `file:` URI for sqlite3.connect(uri=True), the path quoted.

    Unquoted, a `#` or `?` in a folder name ends the path early and drops `mode=ro`
    (SQLite then creates a stray empty file), and a `%` is read as an escape.
    """
    from urllib.parse import quote

    # As pathlib's as_uri, but a Windows share (\\server\share) keeps its leading "//"
    # inside the path, where SQLite accepts it (an authority "server" it refuses).
    posix = Path(path).resolve().as_posix()
    if not posix.startswith("/"):
        posix = "/" + posix  # C:/x -> /C:/x
    return f"file://{quote(posix, safe='/:')}?mode={mode}"


def open_db(path: str | Path | None = None) -> ClauseDB:
    """Load and verify the clause database; refuse one whose content does not match its hash.

    Verified before anything is used: the rows are read as stored, checked for the schema
    and decoded only to be hashed; a column that is not JSON cannot match the hash either,
    so every alteration ends in the one refusal, never in a traceback.
    """
    if path is None:
        from desktop_app.paths import clause_db_path

        path = clause_db_path()
    path = Path(path)
    try:
        if not path.is_file():
            raise ClauseDBError(f"clause database not found: {path}")
        with contextlib.closing(sqlite3.connect(sqlite_uri(path), uri=True)) as conn:
            raw = read_raw_tables(conn)
    except (sqlite3.Error, OSError, ValueError) as exc:
        raise ClauseDBError(f"clause database unreadable: {path}: {_one_line(str(exc))}"
                            ) from None
    if "meta" not in raw:
        raise ClauseDBError(f"clause database unreadable: {path}: not a clause database "
                            f"(no meta table)")
    meta = {r.get("key"): r.get("value") for r in raw.get("meta", [])}
    stored = meta.get("clause_db_version")
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise ClauseDBError(f"clause database has schema {_one_line(meta.get('schema_version'))}"
                            f", this app reads {SCHEMA_VERSION!r}: {path}")
    refusal = ClauseDBError(f"clause database content does not match its version "
                            f"(stored {_one_line(stored)}): refusing to use it: {path}")
    try:
        tables = decode_tables(raw)
        actual = content_hash(tables)
    except (ValueError, TypeError, RecursionError):
        raise refusal from None
    if stored != actual:
        raise ClauseDBError(f"clause database content does not match its version "
                            f"(stored {_one_line(stored)}, content {actual}): "
                            f"refusing to use it: {path}")
    try:
        return ClauseDB(tables, stored)
    except (KeyError, TypeError, ValueError, AttributeError):
        # the hash matched content this app cannot use: a database built wrongly
        raise refusal from None


def _one_line(value: Any, limit: int = 80) -> str:
    """A value for a one-line message: printable, shortened."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= limit else text[:limit] + "…"


_cached: ClauseDB | None = None


def default_db() -> ClauseDB:
    """The clause base in use, loaded once per process: the imported policy pack when one
    is installed and whole (core/packs.py), else the bundled database."""
    global _cached
    if _cached is None:
        from desktop_app.core.packs import installed_db_path

        installed = installed_db_path()
        try:
            _cached = open_db(installed) if installed else open_db()
        except ClauseDBError:
            _cached = open_db()  # a damaged installed pack falls back to the bundled base
    return _cached


def forget_default_db() -> None:
    """After a pack is imported or rolled back, the next default_db() loads anew."""
    global _cached
    _cached = None
