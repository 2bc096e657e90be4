"""Read access to the bundled clause database (plain sqlite3, no heavy imports)."""

from __future__ import annotations

import contextlib
import marshal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable

SCHEMA_VERSION = "1"
JSON_COLUMNS = {"criteria", "formula", "materials", "ask_bureau", "facts", "options",
                "glossary", "used_by", "items", "editions", "by_edition"}


LAZY_TABLES = frozenset({"items"})


class ClauseDBError(Exception):
    """The clause database is missing, unreadable or has been altered."""


class _Json:
    """A JSON cell not decoded yet: its record decodes it on first access."""

    __slots__ = ("text", "where")

    def __init__(self, text: str, where: str):
        self.text, self.where = text, where

    def value(self) -> Any:
        return _json_cell(self)


class _Kept(_Json):
    """A cell of a lazy table as base_snapshot keeps it: its decoded value, marshalled
    (`text` holds the bytes). Decoded on first access as a JSON cell is, but by marshal:
    several times faster than JSON, and nothing to import."""

    __slots__ = ()

    def value(self) -> Any:
        return marshal.loads(self.text)


class _Record:
    """A read-only row: its fields are the class's annotations.

    Plain slotted classes rather than dataclasses: the wizard and the command line
    load these at every start, and making dataclasses costs milliseconds there.
    A JSON cell given as _Json (or _Kept) stays undecoded until first read (then kept in
    its slot):
    with a 5,000-item pack, decoding every cell was most of opening the base, and the
    wizard's first page reads none of the items' conditions.
    """

    __slots__ = ("_undecoded",)

    def __init__(self, row: dict[str, Any]):
        undecoded = None
        for name in self.__slots__:
            value = row.get(name)
            if type(value) in _LAZY_CELLS:
                if undecoded is None:
                    undecoded = {}
                undecoded[name] = value  # the slot stays empty: __getattr__ decodes it
            else:
                object.__setattr__(self, name, value)
        object.__setattr__(self, "_undecoded", undecoded)

    def __getattr__(self, name: str) -> Any:
        # Called only for an empty slot: a JSON cell not decoded yet.
        undecoded = object.__getattribute__(self, "_undecoded")
        cell = undecoded.pop(name, None) if undecoded else None
        if cell is None:
            raise AttributeError(name)
        value = _decode_cell(cell)
        object.__setattr__(self, name, value)
        return value

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

    def bare_title(self, lang: str = "zh") -> str:
        """The title without the status it ends with: …若干措施（征求意见稿） → …若干措施."""
        en = lang == "en"
        title, status = (self.title_en, self.status_en) if en else (self.title, self.status)
        for suffix in (f"（{status}）", f" ({status})", f"({status})"):
            if status and title.casefold().endswith(suffix.casefold()):
                return title[:-len(suffix)].rstrip()
        return title


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
        # A table given as LazyRows (a snapshot's items) is read when first used.
        rows = {name: r if isinstance(r, LazyRows) else _in_order(r)
                for name, r in tables.items()}
        for name in ("stacking", "glossary", "topics"):  # a pack may have none of these
            rows.setdefault(name, [])
        self.policies = {r["policy_id"]: Policy(r) for r in rows["policies"]}
        self._item_rows: list[dict[str, Any]] | LazyRows | None = rows["items"]
        self._items: list[Item] | None = None
        self._item_by_id: dict[str, Item] | None = None
        self.facts = {r["fact_id"]: Fact(r) for r in rows["facts"]}
        self.topics = [Topic(r) for r in rows["topics"]]
        self.glossary = [GlossaryTerm(r) for r in rows["glossary"]]
        self.stacking = [StackingGroup(r) for r in rows["stacking"]]
        self.messages = {r["key"]: {"zh": r["zh"], "en": r["en"]} for r in rows["messages"]}
        self.fact_rank = {fact_id: n for n, fact_id in enumerate(self.facts)}
        # Filled by core/rules.py (each criterion's fixed parts) and core/explain.py (the
        # district reason per pair of districts), worked out on first use: the base is
        # read-only, so they hold for every profile assessed against it.
        self.rule_cache: dict[Any, Any] = {}

    @property
    def items(self) -> list[Item]:
        """The items in the order of the texts (a snapshot's are read here, on first use:
        the wizard's first window needs none of them)."""
        if self._items is None:
            rows = self._item_rows
            if isinstance(rows, LazyRows):
                rows = _in_order(rows.read())
            self._items = [Item(r) for r in rows]
            self._item_rows = None
        return self._items

    @property
    def item_by_id(self) -> dict[str, Item]:
        if self._item_by_id is None:
            self._item_by_id = {i.item_id: i for i in self.items}
        return self._item_by_id

    def fact(self, fact_id: str) -> Fact:
        return self.facts[fact_id]

    def policy_label(self, policy_id: str, lang: str = "zh") -> str:
        """How a policy is named beside its articles: its district (门头沟区), or, where the
        base holds more than one policy of that district (a pack may), the district and
        the policy's title without its status (门头沟区《…若干措施》): the district alone
        would not tell them apart."""
        policy = self.policies[policy_id]
        district = self.facts["company.district"].option_label(policy.district, lang)
        same = sum(p.district == policy.district for p in self.policies.values())
        if same < 2:
            return district
        if lang == "zh":
            return f"{district}《{policy.bare_title(lang)}》"
        return f"{district} ({policy.bare_title(lang)})"

    def item_name(self, item_id: str, lang: str = "zh") -> str:
        """An item as a consultant reads it: its policy and article, 门头沟区（三）,
        东城区第五条-1, "Mentougou (3)"; the id itself for an item the base does not hold
        (one a pack removed)."""
        from desktop_app.core.articles import item_label

        item = self.item_by_id.get(item_id)
        if item is None:
            return item_id
        label = item_label(item.article, item_id, lang)
        where = self.policy_label(item.policy_id, lang)
        return f"{where}{label}" if lang == "zh" else f"{where} {label}"

    def msg(self, key: str, lang: str = "zh", **params: Any) -> str:
        entry = self.messages.get(key)
        if entry is None:
            # A pack built before this version of the app lacks the words added since;
            # they are the app's, not the policy's, so the bundled base's serve.
            entry = _bundled_messages().get(key)
            if entry is None:
                raise KeyError(key)
        return entry[lang].format(**params)



RawTable = tuple[tuple[str, ...], list[tuple[Any, ...]]]


def _in_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Tables are hashed in key order; the app shows them in the order of the texts.
    return sorted(rows, key=lambda row: row.get("seq", 0))


class LazyRows:
    """A table's rows read when first needed: `read` gives them (a list of row dicts)."""

    __slots__ = ("read",)

    def __init__(self, read: Callable[[], list[dict[str, Any]]]):
        self.read = read


def read_raw_tables(conn: sqlite3.Connection) -> dict[str, RawTable]:
    """Every table as stored: its column names and its rows (tuples of the raw cell values,
    JSON columns as their text), rows in primary-key order (the first column)."""
    conn.row_factory = None
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    raw = {}
    for name in names:
        cursor = conn.execute(f'SELECT * FROM "{name}" ORDER BY 1')
        raw[name] = (tuple(d[0] for d in cursor.description), cursor.fetchall())
    return raw


def decode_tables(raw: dict[str, RawTable], lazy: frozenset[str] = frozenset(),
                  kept: str | None = None) -> dict[str, list[dict[str, Any]] | LazyRows]:
    """Rows as dicts, the JSON columns decoded (ValueError or RecursionError for a column
    that is not JSON); in the tables named in `lazy`, left as _Json cells that the
    records decode on first read. `kept`: the base_snapshot slot these tables come from,
    as decode_cells keeps them: values, and each `lazy` table as LazyRows, its rows read
    when first needed with their cells still marshalled (_Kept). Called only after
    content_hash has matched."""
    tables: dict[str, list[dict[str, Any]] | LazyRows] = {}
    for name, (columns, rows) in raw.items():
        json_at = _json_columns(columns)
        if kept and name in lazy:
            tables[name] = LazyRows(_kept_rows_reader(kept, name, columns, rows, json_at))
            continue
        cell = None if kept else _Json if name in lazy else _json_value
        tables[name] = [dict(zip(columns, _row_with(cell, name, columns, row, json_at),
                                 strict=True)) for row in rows]
    return tables


def _kept_rows_reader(slot: str, name: str, columns: tuple[str, ...], blob: Any,
                      json_at: list[int]) -> Callable[[], list[dict[str, Any]]]:
    def read() -> list[dict[str, Any]]:
        try:
            rows = marshal.loads(blob)
            return [dict(zip(columns, _row_with(_Kept, name, columns, row, json_at),
                             strict=True)) for row in rows]
        except (ValueError, EOFError, TypeError):
            # Its CRC matched, so it was altered on purpose: the next start verifies the file.
            from desktop_app.core import base_snapshot

            base_snapshot.forget(slot)
            raise ClauseDBError(f"the kept copy of the clause base ({name}) cannot be read; "
                                f"it has been removed: start the application again") from None
    return read


def decode_cells(raw: dict[str, RawTable], lazy: frozenset[str] = frozenset()
                 ) -> dict[str, RawTable]:
    """The raw tables with every JSON cell decoded, rows as tuples; each `lazy` table's
    rows marshalled together, their JSON cells each marshalled apart (what base_snapshot
    keeps: a start that reads it needs no json, and reads a lazy table, and then each
    of its cells, only when first used)."""
    decoded = {}
    for name, (columns, rows) in raw.items():
        json_at = _json_columns(columns)
        if name in lazy:
            decoded[name] = (columns, marshal.dumps(
                [tuple(_row_with(_marshalled_value, name, columns, row, json_at))
                 for row in rows]))
        else:
            decoded[name] = (columns, [tuple(_row_with(_json_value, name, columns, row,
                                                       json_at)) for row in rows])
    return decoded


def _json_columns(columns: tuple[str, ...]) -> list[int]:
    return [n for n, col in enumerate(columns) if col in JSON_COLUMNS]


def _row_with(cell: Callable[[Any, str], Any] | None, name: str, columns: tuple[str, ...],
              row: tuple[Any, ...], json_at: list[int]) -> tuple[Any, ...] | list[Any]:
    """The row with cell(value, where) in place of each JSON cell that is not NULL."""
    if cell is None or not json_at:
        return row
    row = list(row)
    for n in json_at:
        if row[n] is not None:
            row[n] = cell(row[n], f"{name}.{columns[n]}")
    return row


def _json_value(text: Any, where: str) -> Any:
    return _json_cell(_Json(text, where))


def _marshalled_value(text: Any, where: str) -> bytes:
    return marshal.dumps(_json_value(text, where))


_LAZY_CELLS = (_Json, _Kept)
_decoder = None  # json's decoder, made at the first cell: a start from the snapshot has none


def _json_cell(cell: _Json) -> Any:
    # raw_decode, not json.loads: the build writes no surrounding whitespace, and
    # json.loads's two whitespace scans per cell were half of decoding a 5,000-item base.
    global _decoder
    if not isinstance(cell.text, str):
        raise ValueError(f"{cell.where} is not JSON text")
    if _decoder is None:
        import json

        _decoder = json.JSONDecoder()
    decoded, end = _decoder.raw_decode(cell.text)
    if end != len(cell.text):
        raise ValueError(f"{cell.where}: extra text after the JSON value")
    return decoded


def _decode_cell(cell: _Json) -> Any:
    """A lazily decoded cell; one that is not JSON (a database built wrongly: its hash
    matched) is refused as open_db refuses, in one line."""
    try:
        return cell.value()
    except (ValueError, RecursionError, EOFError, TypeError):
        raise ClauseDBError(f"clause database content matches its version but "
                            f"{cell.where} is not JSON (built wrongly): refusing to use it"
                            ) from None


def read_tables(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in primary-key order, JSON columns decoded."""
    return decode_tables(read_raw_tables(conn))


def content_hash(raw: dict[str, RawTable]) -> str:
    """The database's version: SHA-256 (first 16 hex digits) over the stored cells.

    Defined over the raw values exactly as stored (text, integers, reals, NULL; JSON
    columns as their stored text, never decoded), so a database is verified before any
    of it is decoded. The hashed form is the compact JSON (UTF-8, no ASCII escaping) of
    the list, in table-name order and without `meta`, of [table name, [column names],
    row, row, ...], each row a list of its cells in column order, the rows in primary-key
    order; a BLOB cell (never written by the build) enters as {"blob": hex}. The build,
    open_db and policy packs (whose manifest names this version) all use this function.
    """
    import hashlib
    import json

    payload = [[name, list(columns), *rows]
               for name, (columns, rows) in sorted(raw.items()) if name != "meta"]
    blob = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=_blob)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _blob(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"blob": value.hex()}
    raise TypeError(f"not a stored value: {type(value).__name__}")


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


def open_db(path: str | Path | None = None, snapshot: str | None = None) -> ClauseDB:
    """Load and verify the clause database; refuse one whose content does not match its hash.

    Verify first, decode after: the rows are read as stored, the schema checked, the raw
    cells hashed (content_hash) and compared with the stored version; only a database
    that matches is decoded. Every alteration, a damaged JSON cell included, ends in the
    one-line refusal, never in a traceback.

    `snapshot` (a base_snapshot slot, for the clause base in use): the cells of a
    database verified at an earlier start are read from its snapshot while the file is
    unchanged, and kept there after a verification.
    """
    if path is None:
        from desktop_app.paths import clause_db_path

        path = clause_db_path()
    path = Path(path)
    if snapshot:
        from desktop_app.core import base_snapshot

        kept = base_snapshot.load(snapshot, path, SCHEMA_VERSION)
        if kept is None and snapshot == "bundled":
            kept = base_snapshot.load_shipped(path, SCHEMA_VERSION)
        if kept is not None:
            version, raw = kept
            try:
                if _checked_meta(raw, path) != version:
                    raise ClauseDBError("snapshot's version is not its cells'")
                return _decode(raw, version, path, kept=snapshot)
            except ClauseDBError:
                # Kept by another build of the app, or damaged in a way its checks missed:
                # the file itself decides, verified as at a first start.
                base_snapshot.forget(snapshot)
    ident, raw, stored = _read_verified(path, identify=bool(snapshot))
    if snapshot:
        base_snapshot.save(snapshot, ident, stored, SCHEMA_VERSION,
                           lambda: decode_cells(raw, lazy=LAZY_TABLES))
    return _decode(raw, stored, path)


def ship_snapshot(target: Path, path: Path | None = None) -> None:
    """Verify the bundled database and write the snapshot the bundle ships with it
    (base_snapshot.load_shipped), so that a first start after installing reads that
    instead of verifying. Raises ClauseDBError for a database that does not verify."""
    from desktop_app.core import base_snapshot

    if path is None:
        from desktop_app.paths import clause_db_path

        path = clause_db_path()
    _, raw, stored = _read_verified(Path(path), identify=False)
    base_snapshot.ship(Path(path), target, stored, SCHEMA_VERSION,
                       lambda: decode_cells(raw, lazy=LAZY_TABLES))


def _decode(raw: dict[str, RawTable], stored: str, path: Path,
            kept: str | None = None) -> ClauseDB:
    """Decode after verifying (`kept`: the base_snapshot slot the tables come from, decoded
    when they were kept). Content that matches its hash yet cannot be used is a database
    built wrongly: refused the same way, in one line."""
    try:
        # The items' JSON (most of a large base) is decoded as each item is first read.
        return ClauseDB(decode_tables(raw, lazy=LAZY_TABLES, kept=kept), stored)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        raise ClauseDBError(f"clause database content matches its version "
                            f"({_one_line(stored)}) but is not a readable clause base "
                            f"(built wrongly): refusing to use it: {path}") from None


def _read_verified(path: Path, identify: bool
                   ) -> tuple[list[Any] | None, dict[str, RawTable], str]:
    """The file's identity (base_snapshot, when `identify`), its raw tables and its
    version, once the schema and the content hash have been checked."""
    import sqlite3

    try:
        if not path.is_file():
            raise ClauseDBError(f"clause database not found: {path}")
        ident = None
        if identify:  # before reading: a change while reading shows next time
            from desktop_app.core.base_snapshot import identity

            ident = identity(path)
        with contextlib.closing(sqlite3.connect(sqlite_uri(path), uri=True)) as conn:
            raw = read_raw_tables(conn)
    except (sqlite3.Error, OSError, ValueError) as exc:
        raise ClauseDBError(f"clause database unreadable: {path}: {_one_line(str(exc))}"
                            ) from None
    stored = _checked_meta(raw, path)
    # Verify first: the hash is over the stored cells, so nothing is decoded before it.
    actual = content_hash(raw)
    if stored != actual:
        raise ClauseDBError(f"clause database content does not match its version "
                            f"(stored {_one_line(stored)}, content {actual}): "
                            f"refusing to use it: {path}")
    return ident, raw, stored


def _checked_meta(raw: dict[str, RawTable], path: Path) -> Any:
    """The stored version, once the tables are a clause database of this app's schema."""
    if "meta" not in raw:
        raise ClauseDBError(f"clause database unreadable: {path}: not a clause database "
                            f"(no meta table)")
    meta = _meta(raw["meta"])
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise ClauseDBError(f"clause database has schema {_one_line(meta.get('schema_version'))}"
                            f", this app reads {SCHEMA_VERSION!r}: {path}")
    return meta.get("clause_db_version")


def _meta(table: RawTable) -> dict[Any, Any]:
    columns, rows = table
    if "key" not in columns or "value" not in columns:
        return {}
    k, v = columns.index("key"), columns.index("value")
    return {row[k]: row[v] for row in rows}


def _one_line(value: Any, limit: int = 80) -> str:
    """A value for a one-line message: printable, shortened."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(c if c.isprintable() else " " for c in text)
    return text if len(text) <= limit else text[:limit] + "…"


@lru_cache(maxsize=1)
def _bundled_messages() -> dict[str, dict[str, str]]:
    """The bundled base's messages (read only when a pack lacks one)."""
    try:
        return open_db(snapshot="bundled").messages
    except ClauseDBError:
        return {}


_cached: ClauseDB | None = None
_cached_from: Path | None = None  # the installed pack's database it came from (None: bundled)
# why the imported pack in use could not be read, if it could not: (Chinese, English)
_fallback: tuple[str, str] | None = None


def default_db() -> ClauseDB:
    """The clause base in use, loaded once per process: the imported policy pack when one
    is installed and whole (core/pack_state.py), else the bundled database."""
    global _cached, _cached_from, _fallback
    if _cached is None:
        from desktop_app.core.pack_state import current, installed_db_path, state_unreadable

        installed = installed_db_path()
        _fallback = None
        try:
            _cached = (open_db(installed, snapshot="installed") if installed
                       else open_db(snapshot="bundled"))
        except ClauseDBError as exc:
            # A damaged installed pack falls back to the bundled base, and says so.
            _cached = open_db(snapshot="bundled")
            _fallback = (f"其数据库已损坏：{_one_line(str(exc))}", str(exc))
        if installed is None and current() is not None:
            _fallback = ("其数据库文件缺失或不完整", "its database file is missing or incomplete")
        elif installed is None and state_unreadable():
            _fallback = ("导入记录 packs/state.json 无法读取",
                         "the record of imported packs (packs/state.json) cannot be read")
        _cached_from = installed
    return _cached


def fallback_warning() -> str | None:
    """One line when the imported pack in use could not be read and the bundled base
    serves instead (the contract: an imported pack is used until rolled back; a user
    must not take the bundled amounts for the pack's without a word)."""
    if _fallback is None:
        return None
    zh, en = _fallback  # the reason in both languages: each half says it
    return (f"警告 warning: 已导入的条款库更新包无法读取（{zh}），现用内置条款库；"
            f"请重新导入该更新包 / "
            f"the imported policy pack cannot be read ({_one_line(en)}); the bundled "
            "clause base is used: import the pack again")


def forget_default_db() -> None:
    """After a pack is imported or rolled back, the next default_db() loads anew."""
    global _cached, _fallback
    _cached = _fallback = None


def changed_default_db(db: ClauseDB) -> ClauseDB | None:
    """The clause base in use now, if it is not `db` (by version); else None.

    A window open for hours must not assess, store or export with a base that another
    process (the command line's `packs import` or `rollback`) has replaced since: a library
    re-assessed after a rollback elsewhere stored the old pack's bounds. Cheap when nothing
    changed: it reads the pack state, not the database."""
    if _cached is not None:
        from desktop_app.core.pack_state import installed_db_path

        if installed_db_path() != _cached_from:
            forget_default_db()
    new = default_db()
    return None if new.version == db.version else new
