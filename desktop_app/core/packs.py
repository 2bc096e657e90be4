"""Policy packs (contract section 6): the clause base as a signed file, verified before use.

A pack (`.pspack`) is one file:

    MAGIC            8 bytes, b"PSPACK\x01\n"
    signature        64 bytes: Ed25519 over SIGNING_PREFIX + the payload, every byte of it
    payload          a zip archive of
        manifest.json    pack version, created, policies and their editions, the SHA-256
                         and size of the other members, the signing key's fingerprint
        clauses.sqlite   the built clause database
        cases.json       the pack's own rule cases (the tests/cases format, as JSON)

Every byte of the file is covered: the payload by the signature, the signature by its
own verification, the magic by the format check; the manifest's hashes are checked as
well. Verifying needs a trusted key: one bundled with the app (resources/keys/*.pub) or
one the user added (`packs trust`). The key is named by the manifest's fingerprint.

Installed packs live in the user data folder, packs/: the verified pack files, the
database of each, and state.json, whose `history` lists what was imported, the last
entry being the one in use. state.json is written last and atomically: it is the commit
point of an import or a rollback. The signature is checked at import; at start-up only
the cheap checks run (the file is there with the size installed; open_db checks the
content against its hash), so `cryptography` is not imported then.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.core.clausedb import ClauseDB, ClauseDBError, open_db
from desktop_app.core.editions import editions_of
from desktop_app.core.pack_state import (  # noqa: F401  (part of this module's interface)
    SUFFIX,
    _state_path,
    current,
    installed_db_path,
    packs_dir,
    read_state,
)

# zipfile, tempfile and difflib are imported where used: default_db() imports this module
# at every start-up only to find the installed database.

FORMAT = "policy-selfcheck-pack/1"
SIGNING_PREFIX = b"policy-selfcheck pack v1\0"
MANIFEST, DATABASE, CASES = "manifest.json", "clauses.sqlite", "cases.json"
MAGIC = b"PSPACK\x01\n"
SIGNATURE_BYTES = 64
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # a pack claiming more than this is not ours


class PackError(Exception):
    """A pack is refused or an operation cannot be done; the message is one line.

    `zh` is the reason in Chinese; str() gives both languages (the command line's line).
    """

    def __init__(self, en: str, zh: str | None = None):
        super().__init__(en)
        self.en, self.zh = en, zh

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}" if self.zh else self.en

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else self.en


# ---------------------------------------------------------------------------- keys


def fingerprint(public_raw: bytes) -> str:
    """A key's fingerprint: the first 128 bits of SHA-256 of its raw 32 bytes, in hex."""
    return hashlib.sha256(public_raw).hexdigest()[:32].upper()


def grouped(fp: str) -> str:
    """A fingerprint in groups of four, to be read aloud and compared by phone."""
    return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))


def read_public_key(path: str | Path) -> tuple[Any, str]:
    """An Ed25519 public key from a PEM .pub file, and its fingerprint."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    path = Path(path)
    data = _read(path, "密钥文件", "key file")
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise PackError(f"{path.name}: not a PEM public key",
                        f"{path.name}：不是 PEM 格式的公钥") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise PackError(f"{path.name}: not an Ed25519 public key",
                        f"{path.name}：不是 Ed25519 公钥")
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key, fingerprint(raw)


def _read(path: Path, what_zh: str, what_en: str, check_only: bool = False) -> bytes:
    """A key or pack file's bytes (or, `check_only`, b"" once it is known readable);
    PackError with the one reader's words (core.textfile)."""
    from desktop_app.core.textfile import TextFileError, check_file, read_bytes

    try:
        if check_only:
            check_file(path)
            return b""
        return read_bytes(path, max_bytes=None)
    except TextFileError as exc:
        raise PackError(f"cannot read the {what_en}: {exc.en}",
                        f"无法读取{what_zh}：{exc.zh}") from None


def bundled_keys_dir() -> Path:
    from desktop_app.paths import resource

    return resource("keys")


def user_keys_dir() -> Path:
    from desktop_app.paths import user_data_dir

    return user_data_dir() / "keys"


def trusted_keys() -> dict[str, tuple[Any, str]]:
    """fingerprint -> (public key, "bundled" | "user"). Unreadable files are skipped."""
    keys: dict[str, tuple[Any, str]] = {}
    for origin, folder in (("bundled", bundled_keys_dir()), ("user", user_keys_dir())):
        for path in sorted(folder.glob("*.pub")) if folder.is_dir() else []:
            try:
                key, fp = read_public_key(path)
            except PackError:
                continue
            keys.setdefault(fp, (key, origin))
    return keys


def trust_key(path: str | Path) -> str:
    """Add a public key to the user's trusted keys; returns its fingerprint."""
    from desktop_app.core.atomic import write_bytes_atomic

    _, fp = read_public_key(path)
    write_bytes_atomic(user_keys_dir() / f"{fp}.pub", Path(path).read_bytes())
    return fp


# ---------------------------------------------------------------------------- reading


@dataclass
class Pack:
    path: Path
    manifest: dict[str, Any]
    payload: bytes  # what the signature covers
    signature: bytes
    database: bytes
    cases_bytes: bytes
    cases: list[dict[str, Any]] = field(default_factory=list)
    db: ClauseDB | None = None  # set once verified

    @property
    def version(self) -> int:
        return int(self.manifest["pack_version"])

    @property
    def clause_db_version(self) -> str:
        return str(self.manifest["clause_db_version"])


def _member(zf: Any, name: str, path: Path) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise PackError(f"{path.name}: not a policy pack (no {name})",
                        f"{path.name}：不是条款库更新包（缺少 {name}）") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackError(f"{path.name}: {name} is too large ({info.file_size} bytes)")
    return zf.read(info)


def read_pack(path: str | Path) -> Pack:
    """Read a pack's parts (no trust decision yet); PackError if it is not whole."""
    import io
    import struct
    import zipfile
    import zlib

    path = Path(path)
    data = _read(path, "更新包", "pack")
    if not data.startswith(MAGIC):
        if data.startswith(b"PK"):  # a bare archive: the payload without a signature
            raise PackError(f"{path.name}: the pack has no signature: refused",
                            f"{path.name}：更新包没有签名，拒绝导入")
        raise PackError(f"{path.name}: not a policy pack", f"{path.name}：不是条款库更新包")
    signature = data[len(MAGIC):len(MAGIC) + SIGNATURE_BYTES]
    payload = data[len(MAGIC) + SIGNATURE_BYTES:]
    try:
        if len(signature) < SIGNATURE_BYTES:
            raise EOFError("the file ends inside the signature")
        with zipfile.ZipFile(io.BytesIO(payload)) as zf:
            manifest_bytes = _member(zf, MANIFEST, path)
            database = _member(zf, DATABASE, path)
            cases_bytes = _member(zf, CASES, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, EOFError,
            OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        # A truncated or damaged archive: zipfile checks each member's CRC as it reads; a
        # damaged header may claim another compression method (NotImplementedError) or
        # encryption (RuntimeError), damaged data fails in zlib.
        raise PackError(f"{path.name}: corrupt or truncated pack ({exc})",
                        f"{path.name}：文件已损坏或不完整") from exc
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        cases = json.loads(cases_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackError(f"{path.name}: corrupt pack ({exc})",
                        f"{path.name}：文件已损坏") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackError(f"{path.name}: not a pack of this format ({FORMAT})",
                        f"{path.name}：不是本程序能读的更新包格式")
    if not _manifest_ok(manifest):
        raise PackError(f"{path.name}: corrupt pack (its manifest lacks a field)",
                        f"{path.name}：文件已损坏（清单不完整）")
    if not isinstance(cases, list):
        raise PackError(f"{path.name}: corrupt pack (cases.json is not a list)",
                        f"{path.name}：文件已损坏")
    return Pack(path, manifest, payload, signature, database, cases_bytes, cases)


# A pack's version: a whole number from 1; the default is the UTC time, 14 digits
# (YYYYMMDDHHMMSS). A longer one, once imported, made every later pack "older".
MAX_PACK_VERSION = 99_991_231_235_959


def pack_version_ok(version: Any) -> bool:
    return (isinstance(version, int) and not isinstance(version, bool)
            and 1 <= version <= MAX_PACK_VERSION)


def _manifest_ok(m: dict[str, Any]) -> bool:
    files = m.get("files")
    return (pack_version_ok(m.get("pack_version"))
            and isinstance(m.get("clause_db_version"), str)
            and isinstance(m.get("key_fingerprint"), str)
            and isinstance(files, dict)
            and all(isinstance(files.get(n), dict) and isinstance(files[n].get("sha256"), str)
                    for n in (DATABASE, CASES)))


def assemble(signature: bytes, payload: bytes) -> bytes:
    """The pack file's bytes (clause_db.packing signs the payload)."""
    return MAGIC + signature + payload


def verify_pack(path: str | Path, keys: dict[str, tuple[Any, str]] | None = None) -> Pack:
    """Read a pack and check it: trusted key, signature over every byte of the payload,
    every member's hash and size, the database's own content hash. Returns the pack;
    PackError (one line) if refused."""
    from cryptography.exceptions import InvalidSignature

    pack = read_pack(path)
    name = pack.path.name
    keys = trusted_keys() if keys is None else keys
    fp = str(pack.manifest.get("key_fingerprint", ""))
    if fp not in keys:
        raise PackError(f"{name}: signed by a key that is not trusted ({grouped(fp)}); "
                        "add it with `packs trust KEY.pub` after comparing its fingerprint",
                        f"{name}：签名密钥（{grouped(fp)}）未受信任；核对指纹后可用 "
                        "packs trust 添加")
    try:
        keys[fp][0].verify(pack.signature, SIGNING_PREFIX + pack.payload)
    except InvalidSignature:
        raise PackError(f"{name}: bad signature: the pack was altered or not signed "
                        "by the key it names",
                        f"{name}：签名无效，文件被改动过或并非由所称密钥签名") from None
    members = pack.manifest["files"]
    for member, blob in ((DATABASE, pack.database), (CASES, pack.cases_bytes)):
        want = members[member]
        if len(blob) != want.get("size") or hashlib.sha256(blob).hexdigest() != want["sha256"]:
            raise PackError(f"{name}: {member} does not match the signed manifest",
                            f"{name}：{member} 与签名清单不符，文件被改动过")
    pack.db = database_of(pack)
    if pack.db.version != pack.clause_db_version:
        raise PackError(f"{name}: database version {pack.db.version} is not the one the "
                        f"manifest names ({pack.clause_db_version})")
    return pack


def database_of(pack: Pack) -> ClauseDB:
    """The pack's clause database, opened (and its content hash checked) from a temp file."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pspack-") as tmp:
        path = Path(tmp) / DATABASE
        path.write_bytes(pack.database)
        try:
            return open_db(path)
        except ClauseDBError as exc:
            raise PackError(f"{pack.path.name}: {exc}") from exc


def failing_cases(pack: Pack, db: ClauseDB) -> list[str]:
    """One line per rule case of the pack that its own database does not satisfy."""
    return case_failures(pack.cases, db)


def case_failures(cases: list[dict[str, Any]], db: ClauseDB) -> list[str]:
    """One line per rule case that `db` does not satisfy (a pack's, at import and when
    it is made)."""
    from desktop_app.core.rule_cases import run_case

    out = []
    for case in cases:
        problems = run_case(case, db)
        if problems:
            out.append(f"{case['name']}: {problems[0]}")
    return out


# ---------------------------------------------------------------------------- installing


def _write_state(state: dict[str, Any]) -> None:
    from desktop_app.core.atomic import write_text_atomic

    write_text_atomic(_state_path(), json.dumps(state, ensure_ascii=False, indent=2))


def _entry(pack: Pack, file_name: str, db_name: str) -> dict[str, Any]:
    m = pack.manifest
    return {"pack_version": pack.version, "clause_db_version": pack.clause_db_version,
            "created": m.get("created"), "installed": _now(), "file": file_name,
            "db": db_name, "db_size": len(pack.database), "key_fingerprint":
            m.get("key_fingerprint"), "policies": m.get("policies", []),
            "source_name": pack.path.name}


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def is_in_use(pack: Pack) -> bool:
    """The very pack in use already, and readable: importing it again changes nothing.
    (Imported again over a damaged copy of itself, it repairs it: install.)"""
    from desktop_app.core.clausedb import default_db, fallback_warning

    default_db()  # (loaded, so that fallback_warning knows whether it could be read)
    return _is_last(pack) and fallback_warning() is None


def _is_last(pack: Pack) -> bool:
    entry = current()
    return bool(entry) and (entry["pack_version"], entry["clause_db_version"]) == \
        (pack.version, pack.clause_db_version)


def check_import(pack: Pack, db: ClauseDB, allow_downgrade: bool = False) -> None:
    """The refusals that depend on what is installed, and the pack's own rule cases."""
    name = pack.path.name
    entry = current()
    if entry and not allow_downgrade:
        if pack.version < entry["pack_version"]:
            raise PackError(f"{name}: pack version {pack.version} is older than the one in use "
                            f"({entry['pack_version']}); use --allow-downgrade to install it",
                            f"{name}：版本 {pack.version} 比现用的 {entry['pack_version']} "
                            "旧；确需安装请允许降级")
        if pack.version == entry["pack_version"] and \
                pack.clause_db_version != entry["clause_db_version"]:
            raise PackError(f"{name}: pack version {pack.version} is the one in use but its "
                            "content differs; a new pack needs a higher version",
                            f"{name}：版本 {pack.version} 与现用的相同但内容不同；"
                            "新的更新包须有更高的版本号")
    if not pack.cases:
        # Its own rule cases are what shows a pack computes what its author meant.
        raise PackError(f"{name}: the pack holds no rule cases, so it cannot be checked: "
                        "refused", f"{name}：更新包不含任何测试案例，无法核验，拒绝导入")
    failures = failing_cases(pack, db)
    if failures:
        raise PackError(f"{name}: {len(failures)} of its own {len(pack.cases)} rule cases "
                        f"fail (first: {failures[0]})",
                        f"{name}：自带的 {len(pack.cases)} 个测试案例中有 {len(failures)} "
                        f"个未通过（首个：{failures[0]}）")


def import_pack(path: str | Path, allow_downgrade: bool = False) -> dict[str, Any]:
    """Verify, check and install a pack; it is in use from then on. Returns its entry.

    Every refusal comes before the first write, so a refused pack changes nothing.
    """
    pack = verify_pack(path)
    if is_in_use(pack):
        return current() or {}
    check_import(pack, pack.db, allow_downgrade)
    return install(pack)


def install(pack: Pack) -> dict[str, Any]:
    """Copy a verified pack and its database in, then switch state.json to it (atomic)."""
    from desktop_app.core.atomic import write_bytes_atomic

    stem = f"{pack.version}-{pack.clause_db_version}"
    file_name, db_name = f"store/{stem}{SUFFIX}", f"db/{stem}.sqlite"
    write_bytes_atomic(packs_dir() / file_name, pack.path.read_bytes())
    write_bytes_atomic(packs_dir() / db_name, pack.database)
    repair = _is_last(pack)  # the pack in use, whose copy could not be read
    state = read_state()
    entry = _entry(pack, file_name, db_name)
    if repair:
        state["history"][-1] = entry  # (one entry: a rollback still returns to the one before)
    else:
        state["history"].append(entry)
    _write_state(state)
    _forget_loaded()
    _keep_snapshot(db_name)
    return entry


def _keep_snapshot(db_name: str) -> None:
    """Verify the database now in use and keep its snapshot (core/base_snapshot.py), so
    that the next start of the wizard reads that rather than verifying a large base (with
    5,000 items, about 1.5 billion instructions before its first window)."""
    try:
        open_db(packs_dir() / db_name, snapshot="installed")
    except ClauseDBError:
        pass  # the next start finds it damaged and falls back to the bundled base


def rollback() -> dict[str, Any] | None:
    """Return to the pack in use before the last import (None: the bundled database)."""
    state = read_state()
    if not state["history"]:
        raise PackError("no imported pack to roll back: the bundled clause base is in use",
                        "没有可回退的更新包：现用的是随程序安装的条款库")
    dropped = state["history"].pop()
    _write_state(state)
    _forget_loaded()
    still_used = {e["file"] for e in state["history"]} | {e["db"] for e in state["history"]}
    for name in (dropped["file"], dropped["db"]):
        if name not in still_used:
            (packs_dir() / name).unlink(missing_ok=True)
    if state["history"]:
        _keep_snapshot(state["history"][-1]["db"])
    return state["history"][-1] if state["history"] else None


def rollback_diff() -> dict[str, Any] | None:
    """What a rollback would change: the diff from the clause base in use to the one before
    the last import (diff_dbs); None when nothing was imported."""
    from desktop_app.core.clausedb import default_db

    history = read_state()["history"]
    if not history:
        return None
    before = history[-2] if len(history) > 1 else None
    previous = open_db(packs_dir() / before["db"]) if before else open_db()
    return diff_dbs(default_db(), previous)


def _forget_loaded() -> None:
    from desktop_app.core import clausedb

    clausedb.forget_default_db()


def listing() -> dict[str, Any]:
    """What `packs list` shows: the clause base in use, the history, the trusted keys."""
    from desktop_app.core.clausedb import default_db, fallback_warning

    db = default_db()
    entry = current()
    keys = [{"fingerprint": fp, "origin": origin} for fp, (_, origin) in trusted_keys().items()]
    # (a pack of the bundled sources has the bundled version: that the pack could not be
    # read decides, not the version)
    from_pack = bool(entry) and entry["clause_db_version"] == db.version \
        and fallback_warning() is None
    installed = [dict(e) for e in read_state()["history"]]
    if entry and not from_pack:  # the latest, which would be in use, cannot be read
        installed[-1]["unreadable"] = True
    return {
        # (the pack's version beside "bundled" read as that pack being the base in use)
        "in_use": {"source": "pack" if from_pack else "bundled",
                   "clause_db_version": db.version,
                   "pack_version": entry["pack_version"] if from_pack else None},
        "installed": installed,
        "trusted_keys": keys,
        "policies": policy_summary(db),
    }


# ---------------------------------------------------------------------------- diff


def policy_summary(db: ClauseDB) -> list[dict[str, Any]]:
    """Each policy with its status and validity (and its editions, where the text has them)."""
    out = []
    for p in db.policies.values():
        row = {"policy_id": p.policy_id, "title": p.title, "status": p.status,
               "valid_from": p.valid_from, "valid_until": p.valid_until,
               "payout_until": p.payout_until}
        # Derived for a database made before editions existed, so the two compare equal.
        row["editions"] = editions_of(p)
        out.append(row)
    return out


ITEM_ASPECTS = (("text", ("text",)), ("criteria", ("criteria",)),
                ("formula", ("formula",)), ("benefit", ("benefit", "benefit_en")),
                ("materials", ("materials",)), ("ask_bureau", ("ask_bureau",)),
                ("article", ("article", "chapter")), ("editions", ("editions", "by_edition")),
                ("beneficiary", ("beneficiary",)))


def _caps(item: Any) -> Any:
    return item.formula.get("caps", [])


def _formula_sans_caps(item: Any) -> dict[str, Any]:
    return _sans_caps(item.formula)


def _sans_caps(formula: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in formula.items() if k != "caps"}


def item_changes(old: Any, new: Any) -> list[str]:
    """The aspects of an item that differ: text, criteria, formula, caps, ..."""
    changes = []
    for aspect, fields in ITEM_ASPECTS:
        if aspect == "formula":
            if _formula_sans_caps(old) != _formula_sans_caps(new):
                changes.append("formula")
            if _caps(old) != _caps(new):
                changes.append("caps")
            continue
        if aspect == "beneficiary":  # a database made before the column: the applicant
            if (old.beneficiary or "applicant") != (new.beneficiary or "applicant"):
                changes.append(aspect)
            continue
        if any(getattr(old, f) != getattr(new, f) for f in fields):
            changes.append(aspect)
    return changes


def text_diff(old: str, new: str, context: int = 12) -> str:
    """A character-level diff readable in Chinese: 保留的字…[-删去的-]{+新增的+}…

    Unchanged runs longer than 2 × context characters are shortened to their ends.
    """
    import difflib

    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            run = old[a1:a2]
            first, last = a1 == 0, a2 == len(old)
            if first and len(run) > context:
                run = "…" + run[-context:]
            elif last and len(run) > context:
                run = run[:context] + "…"
            elif len(run) > 2 * context:
                run = run[:context] + "…" + run[-context:]
            parts.append(run)
            continue
        if a2 > a1:
            parts.append(f"[-{old[a1:a2]}-]")
        if b2 > b1:
            parts.append(f"{{+{new[b1:b2]}+}}")
    return "".join(parts)


def _validity(p: dict[str, Any]) -> tuple:
    return (p.get("valid_from"), p.get("valid_until"), p.get("payout_until"))


def diff_dbs(old: ClauseDB, new: ClauseDB) -> dict[str, Any]:
    """Contract section 6's diff, with the details a reader needs for each change."""
    before = {i.item_id: i for i in old.items}
    after = {i.item_id: i for i in new.items}
    changed = []
    for item_id, item in after.items():
        if item_id not in before:
            continue
        aspects = item_changes(before[item_id], item)
        if not aspects:
            continue
        row: dict[str, Any] = {"item_id": item_id, "changes": aspects}
        was = before[item_id]
        if "text" in aspects:
            row["text_diff"] = text_diff(was.text, item.text)
        if "criteria" in aspects:
            row["criteria"] = {"before": [c["text"] for c in was.criteria],
                               "after": [c["text"] for c in item.criteria]}
        if "formula" in aspects:
            row["formula"] = {"before": _formula_sans_caps(was), "after":
                              _formula_sans_caps(item)}
        if "caps" in aspects:
            row["caps"] = {"before": _caps(was), "after": _caps(item)}
        if "benefit" in aspects:  # (the diff said only "摘要" changed, not how)
            row["benefit"] = {"before": was.benefit, "after": item.benefit}
        if "editions" in aspects:
            row["editions"] = {"before": {"in": was.editions, "by_edition": was.by_edition},
                               "after": {"in": item.editions, "by_edition": item.by_edition},
                               # what an edition's wording is read against in the text diff
                               "base": {"text": item.text, "benefit": item.benefit,
                                        "formula": _formula_sans_caps(item),
                                        "criteria": [c["text"] for c in item.criteria]}}
        changed.append(row)
    old_p = {p["policy_id"]: p for p in policy_summary(old)}
    policies = []
    for p in policy_summary(new):
        was = old_p.get(p["policy_id"])
        if was is None:
            policies.append({"policy_id": p["policy_id"], "change": "added", "after": p})
            continue
        what = []
        if was["status"] != p["status"] or was.get("editions") != p.get("editions"):
            what.append("edition")
        if _validity(was) != _validity(p):
            what.append("validity")
        if what:
            policies.append({"policy_id": p["policy_id"], "changes": what,
                             "before": was, "after": p})
    for pid, was in old_p.items():
        if pid not in {p["policy_id"] for p in policy_summary(new)}:
            policies.append({"policy_id": pid, "change": "removed", "before": was})
    return {
        "from": old.version, "to": new.version,
        "items_added": [i for i in after if i not in before],
        # What each added item gives, for a reader (the contract's list stays ids only).
        "items_added_benefit": {i: f"{after[i].article} {after[i].benefit}" for i in after
                                if i not in before},
        "items_removed": [i for i in before if i not in after],
        "items_changed": changed,
        "policies": policies,
        # The questions behind the fact ids a changed formula names, for a reader ("基数
        # ai.compute_cost_yuan" meant nothing to a consultant).
        "fact_labels": {f: (new.facts.get(f) or old.facts[f]).zh
                        for f in _formula_facts(changed) if f in new.facts or f in old.facts},
    }


def _formula_facts(changed: list[dict[str, Any]]) -> list[str]:
    found: dict[str, None] = {}
    for row in changed:
        editions = row.get("editions") or {}
        sides = [*(row.get("formula") or {}).values(),
                 *([editions["base"]["formula"]] if "base" in editions else []),
                 *(c["formula"] for c in ((editions.get("after") or {}).get("by_edition")
                                          or {}).values() if "formula" in c)]
        for side in sides:
            for value in side.values():
                if isinstance(value, list):
                    found.update((v, None) for v in value if isinstance(v, str) and "." in v)
                elif isinstance(value, str) and value.count(".") == 1 and " " not in value:
                    found[value] = None
    return list(found)


def diff_text(diff: dict[str, Any]) -> str:
    """The diff for a reader, in Chinese first."""
    lines = [f"条款库 {diff['from']} → {diff['to']}"]
    lines.append(f"新增条款 added: {len(diff['items_added'])}  删除 removed: "
                 f"{len(diff['items_removed'])}  修改 changed: {len(diff['items_changed'])}")
    # The policies first: a pack that drops a whole policy must say so before thousands
    # of item lines (it was the last line of a 5,000-line diff).
    for p in diff["policies"]:
        if p.get("change") == "added":
            lines.append(f"  政策新增 {p['policy_id']}：{p['after']['title']}")
        elif p.get("change") == "removed":
            title = (p.get("before") or {}).get("title", "")
            lines.append(f"  政策删除 {p['policy_id']}：{title}".rstrip("："))
        else:  # only what changed ("有效期 X → X" stood beside a new edition)
            parts = []
            if "edition" in p.get("changes", []):
                parts.append(f"版本 {_editions(p['before'])} → {_editions(p['after'])}")
            if "validity" in p.get("changes", []):
                parts.append(f"有效期 {_period(p['before'])} → {_period(p['after'])}")
            lines.append(f"  政策 {p['policy_id']}：{'；'.join(parts)}")
    benefits = diff.get("items_added_benefit", {})
    for item_id in diff["items_added"]:
        lines.append(f"  + {item_id} {benefits.get(item_id, '')}".rstrip())
    for item_id in diff["items_removed"]:
        lines.append(f"  - {item_id}")
    names = {"text": "原文", "criteria": "条件", "formula": "计算方式", "caps": "上限",
             "benefit": "摘要", "materials": "材料", "ask_bureau": "咨询事项", "article": "条目",
             "editions": "各版本的适用与措辞", "beneficiary": "申请主体",
             "benefit_en": "英文摘要"}
    for row in diff["items_changed"]:
        shown = "、".join(names.get(c, c) for c in row["changes"])
        lines.append(f"  ~ {row['item_id']}：{shown}")
        if "text_diff" in row:
            lines.append(f"      原文：{row['text_diff']}")
        if "formula" in row:
            labels = diff.get("fact_labels") or {}
            lines.append(f"      计算方式：{_short(row['formula']['before'], labels)} → "
                         f"{_short(row['formula']['after'], labels)}")
        if "caps" in row:
            lines.append(f"      上限：{_caps_text(row['caps']['before'])} → "
                         f"{_caps_text(row['caps']['after'])}")
        if "benefit" in row:
            benefit = row["benefit"]
            lines.append(f"      摘要：{text_diff(benefit['before'], benefit['after'])}")
        if "editions" in row:
            lines += _edition_lines(row["editions"], names, diff.get("fact_labels") or {})
        if "criteria" in row:
            old, new = row["criteria"]["before"], row["criteria"]["after"]
            for text in new:
                if text not in old:
                    lines.append(f"      条件 +：{text}")
            for text in old:
                if text not in new:
                    lines.append(f"      条件 -：{text}")
    if any("[-" in line or "{+" in line for line in lines):
        # the marks read as markup to an analyst who had not met them
        lines.append("（原文、摘要中 [-…-] 为删去的文字，{+…+} 为新增的文字 / [-…-] deleted, "
                     "{+…+} added）")
    return "\n".join(lines) + "\n"


def _edition_lines(editions: dict[str, Any], names: dict[str, str],
                   labels: dict[str, str]) -> list[str]:
    """An item's editions as the diff shows them: where it applies, and how each edition
    words it against the item's own wording (text and benefit diffed, the formula before
    and after, conditions added and dropped); the fields' names in words."""
    after, base = editions["after"], editions["base"]
    lines = []
    if after["in"]:
        lines.append(f"      仅见于版本：{'、'.join(after['in'])}")
    for edition, changes in (after["by_edition"] or {}).items():
        what = "、".join(dict.fromkeys(names.get(k, k) for k in changes))
        lines.append(f"      {edition} 版本另定：{what}")
        if "text" in changes:
            lines.append(f"        原文：{text_diff(base['text'], changes['text'])}")
        if "benefit" in changes:
            lines.append(f"        摘要：{text_diff(base['benefit'], changes['benefit'])}")
        if "formula" in changes:
            lines.append(f"        计算方式：{_short(base['formula'], labels)} → "
                         f"{_short(_sans_caps(changes['formula']), labels)}")
        if "criteria" in changes:
            texts = [c["text"] for c in changes["criteria"]]
            lines += [f"        条件 +：{t}" for t in texts if t not in base["criteria"]]
            lines += [f"        条件 -：{t}" for t in base["criteria"] if t not in texts]
    return lines


# How the numbers of a formula are named in the text diff (others keep their key).
FORMULA_WORDS = {"kind": "方式", "rate": "比例", "base": "基数", "caps": "上限",
                 "unit_amount": "每项金额", "unit_fact": "项数", "unit_cap": "每项上限"}


# The formula's kinds as the diff names them (docs/AUTHORING.md describes each shape).
FORMULA_KINDS = {"rate": "按比例", "per_unit": "按项", "cap_only": "定额上限",
                 "unpublished": "未公布", "tiered": "分档", "rent": "租金补贴",
                 "increment": "按增量", "higher_of": "从高"}


def _short(formula: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    """A formula as the text diff shows it: its description, then its numbers (rate, base,
    caps, kind, ...), so that a change of a number shows even where the words stay."""
    numbers = []
    order = list(FORMULA_WORDS)
    for key in sorted(formula, key=lambda k: (order.index(k) if k in order else len(order), k)):
        if key in ("zh", "en"):
            continue
        value = formula[key]
        if key == "rate":
            shown = _rate_text(value)
        elif key == "caps" and isinstance(value, list):
            shown = _caps_text(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            shown = " + ".join((labels or {}).get(v, v) for v in value)
        elif isinstance(value, int) and not isinstance(value, bool):
            shown = f"{value:,}"
        elif key == "kind" and value in FORMULA_KINDS:
            shown = FORMULA_KINDS[value]
        elif isinstance(value, str):
            shown = value
        else:
            shown = json.dumps(value, ensure_ascii=False, sort_keys=True)
        numbers.append(f"{FORMULA_WORDS.get(key, key)} {shown}")
    words = formula.get("zh") or ""
    return f"{words}（{'；'.join(numbers)}）" if words else "；".join(numbers)


def _rate_text(rate: Any) -> str:
    from desktop_app.core.logic import exact

    try:
        num, den = exact(rate)
    except (ValueError, TypeError):
        return str(rate)
    return f"{num * 100 / den:g}%"


def _caps_text(caps: list[dict[str, Any]]) -> str:
    return "、".join(f"{c['value']:,}元" if isinstance(c.get("value"), int) else str(c)
                    for c in caps) or "无"


def _editions(p: dict[str, Any]) -> str:
    return "、".join(f"{e.get('label')}（{_period(e)}）" for e in p.get("editions") or []) \
        or str(p.get("status"))


def _period(p: dict[str, Any]) -> str:
    return f"{p.get('valid_from') or '印发之日'}至{p.get('valid_until') or '未定'}"


def db_of_file(path: str | Path) -> ClauseDB:
    """A pack's database (verified) or a plain clause database file, for `packs diff`."""
    path = Path(path)
    if path.suffix == SUFFIX:
        return verify_pack(path).db
    _read(path, "条款库文件", "clause database", check_only=True)  # missing, a folder
    try:
        return open_db(path)
    except ClauseDBError as exc:
        raise PackError(str(exc)) from exc

