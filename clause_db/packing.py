"""Making policy packs: a signing key pair, and a signed pack of built sources.

    python -m clause_db keygen -o NAME        NAME.key (private, keep it off the repository)
                                              and NAME.pub (give it to the users)
    python -m clause_db pack [--sources DIR] [--cases DIR] [--pack-version N]
                             --key NAME.key -o OUT.pspack

The pack's layout and its checks are in desktop_app/core/packs.py. Signing uses
`cryptography`'s Ed25519; nothing here is cryptography of our own.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from clause_db.sources import SAFE_LOADER, SOURCES, cases_folder
from desktop_app.core.atomic import write_bytes_atomic
from desktop_app.core.packs import (
    CASES,
    DATABASE,
    FORMAT,
    MANIFEST,
    MAX_PACK_VERSION,
    SIGNING_PREFIX,
    PackError,
    assemble,
    case_failures,
    fingerprint,
    grouped,
    pack_version_ok,
    policy_summary,
)
from desktop_app.core.rule_cases import cases_of_file


def keygen(name: str | Path) -> tuple[Path, Path, str]:
    """Write NAME.key (PKCS#8 PEM, owner-only) and NAME.pub; returns them and the fingerprint."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    base = Path(name)
    key_path, pub_path = base.with_name(base.name + ".key"), base.with_name(base.name + ".pub")
    base.parent.mkdir(parents=True, exist_ok=True)  # "-o ~/pack-keys/analyst", made if new
    for path in (key_path, pub_path):
        if path.exists():
            raise PackError(f"{path} exists already: not overwriting a key")
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key()
    # The private key is created readable by its owner only, before a byte is written.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(private)
    write_bytes_atomic(pub_path, public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key_path, pub_path, fingerprint(raw)


def _private_key(path: str | Path) -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise PackError(f"{path}: not a readable unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(f"{path}: not an Ed25519 private key")
    return key


def load_case_files(directory: Path) -> list[dict[str, Any]]:
    """Every case of the YAML files in `directory`, named FILE:NAME, as plain JSON data."""
    cases = []
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        for case in cases_of_file(doc, path.name):
            cases.append(dict(case, name=f"{path.stem}:{case['name']}"))
    # Dates (as_of) become ISO text; the pack holds JSON only (the app reads no YAML).
    return json.loads(json.dumps(cases, ensure_ascii=False, default=str))


def pack(out: str | Path, key_path: str | Path, sources: str | Path | None = None,
         cases: str | Path | None = None, pack_version: int | None = None,
         created: datetime | None = None, check_cases: bool = True) -> dict[str, Any]:
    """Build the sources, run its rule cases, sign and write the pack; returns its
    manifest. A pack whose cases fail is refused here, as every import would refuse it
    (it was signed and written, and only the firm importing it was told); `check_cases`
    False is for the tests' own failing pack."""
    from cryptography.hazmat.primitives import serialization

    from clause_db.build import build
    from desktop_app.core.clausedb import open_db

    key = _private_key(key_path)
    sources = Path(sources) if sources is not None else SOURCES
    case_dir = Path(cases) if cases is not None else cases_folder(sources)
    case_list = load_case_files(case_dir) if case_dir.is_dir() else []
    if not case_list:
        # A pack is checked at import by its own rule cases; without any, nothing would be.
        raise PackError(f"no rule cases: put the case files (YAML, as tests/cases/*.yaml) in "
                        f"{case_dir}/ or name their folder with --cases DIR",
                        f"没有测试案例：请把案例文件（YAML，格式同 tests/cases/*.yaml）放在 "
                        f"{case_dir}/，或用 --cases 指定其文件夹")
    created = (created or datetime.now(UTC)).replace(microsecond=0)
    if pack_version is None:
        pack_version = int(created.strftime("%Y%m%d%H%M%S"))
    if not pack_version_ok(pack_version):
        raise PackError(f"--pack-version must be a whole number from 1 to {MAX_PACK_VERSION} "
                        f"(the default is the UTC time, YYYYMMDDHHMMSS), not {pack_version}",
                        f"--pack-version 应为 1 至 {MAX_PACK_VERSION} 的整数（默认为 UTC 时间 "
                        f"YYYYMMDDHHMMSS），而不是 {pack_version}")
    with tempfile.TemporaryDirectory(prefix="pspack-build-") as tmp:
        db_path, version = build(Path(tmp) / DATABASE, sources)
        database = db_path.read_bytes()
        db = open_db(db_path)
    if check_cases:
        failures = case_failures(case_list, db)
        if failures:
            listing = f"python -m clause_db test --sources {sources}"
            raise PackError(f"{len(failures)} of its {len(case_list)} rule cases fail (first: "
                            f"{failures[0]}): not packed; `{listing}` lists them",
                            f"{len(case_list)} 个测试案例中有 {len(failures)} 个未通过（首个："
                            f"{failures[0]}），未打包；`{listing}` 列出全部")
    cases_bytes = json.dumps(case_list, ensure_ascii=False, sort_keys=True).encode("utf-8")
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    manifest = {
        "format": FORMAT,
        "pack_version": pack_version,
        "created": created.isoformat(),
        "clause_db_version": version,
        "policies": policy_summary(db),
        "items": len(db.items),
        "cases": len(case_list),
        "files": {name: {"sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob)}
                  for name, blob in ((DATABASE, database), (CASES, cases_bytes))},
        "key_fingerprint": fingerprint(raw),
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1,
                                sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in ((MANIFEST, manifest_bytes), (DATABASE, database),
                           (CASES, cases_bytes)):
            info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, blob)
    payload = buffer.getvalue()
    write_bytes_atomic(out, assemble(key.sign(SIGNING_PREFIX + payload), payload))
    return manifest


COMMANDS = ("keygen", "pack")


def register(sub: Any) -> None:
    """The `keygen` and `pack` subcommands of python -m clause_db."""
    k = sub.add_parser("keygen", help="make an Ed25519 key pair NAME.key / NAME.pub")
    k.add_argument("-o", "--output", required=True, metavar="NAME")
    p = sub.add_parser("pack", help="build the sources and sign them into a .pspack")
    p.add_argument("--sources", type=Path, default=None, help="default: clause_db/sources")
    p.add_argument("--cases", type=Path, default=None,
                   help="rule cases (YAML) to carry; default: SOURCES/cases or tests/cases")
    p.add_argument("--pack-version", type=int, default=None,
                   help="a whole number, higher than the last pack's (default: UTC time)")
    p.add_argument("--key", required=True, metavar="NAME.key")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pspack")


def run(args: Any) -> int:
    import sys

    from clause_db.sources import SourceError

    try:
        if args.cmd == "keygen":
            key_path, pub_path, fp = keygen(args.output)
            print(f"private key {key_path} (keep it secret, never commit it)")
            print(f"public key  {pub_path}")
            print(f"fingerprint {grouped(fp)}")
            return 0
        manifest = pack(args.output, args.key, args.sources, args.cases, args.pack_version)
    except (PackError, SourceError, ValueError) as exc:
        print(f"clause_db: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, PackError) else 1
    except OSError as exc:  # a folder that cannot be written, a key file that cannot be read
        print(f"clause_db: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 1
    print(f"packed {args.output}: version {manifest['pack_version']}, clause base "
          f"{manifest['clause_db_version']}, {manifest['items']} items, "
          f"{manifest['cases']} rule cases, key {grouped(manifest['key_fingerprint'])}")
    return 0
