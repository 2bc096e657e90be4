"""`policy-selfcheck packs ...`: list, trust, import, diff and roll back policy packs (§6).

Every refusal is one line on stderr and exit status 2, and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_REFUSED = 2


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("packs", help=(
        "条款库更新包 / "
        "policy packs: list, trust, import, diff, rollback"))
    sub = p.add_subparsers(dest="packs_command", required=True)
    ls = sub.add_parser("list", help=(
        "现用条款库、已导入的更新包、信任的密钥 / "
        "the clause base in use, packs, keys"))
    ls.add_argument("--format", choices=("json", "text"), default="text")
    t = sub.add_parser("trust", help=(
        "信任公钥（显示指纹，请与发布方电话核对） / "
        "trust a public key (prints its fingerprint)"))
    t.add_argument("key", metavar="NAME.pub")
    i = sub.add_parser("import", help="校验并导入更新包 / verify, check and install a pack")
    i.add_argument("pack", metavar="PACK.pspack")
    i.add_argument("--allow-downgrade", action="store_true")
    d = sub.add_parser("diff", help=(
        "更新包改变了什么 / "
        "what a pack changes (FROM defaults to the base in use)"))
    d.add_argument("files", nargs="+", metavar="[FROM.pspack] TO.pspack")
    d.add_argument("--format", choices=("json", "text"), default="text")
    sub.add_parser("rollback", help=(
        "回退到上次导入前的条款库 / "
        "back to the clause base before the last import"))
    p.set_defaults(handler=run)


def _refuse(message: str) -> int:
    print(f"错误 error: {message}", file=sys.stderr)
    return EXIT_REFUSED


def run(args: argparse.Namespace) -> int:
    from desktop_app.core import packs
    from desktop_app.core.clausedb import ClauseDBError

    try:
        return _COMMANDS[args.packs_command](args, packs)
    except (packs.PackError, ClauseDBError) as exc:
        return _refuse(str(exc))
    except BrokenPipeError:
        raise  # the reader went away (| head): cli.run() ends quietly
    except OSError as exc:
        return _refuse(f"{getattr(exc, 'filename', '') or ''} {exc.strerror or exc}".strip())


def _list(args: argparse.Namespace, packs: Any) -> int:
    info = packs.listing()
    if args.format == "json":
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    use = info["in_use"]
    if use["source"] == "pack":
        print(f"在用条款库 in use: 更新包 pack {use['pack_version']} "
              f"(clause base {use['clause_db_version']})")
    else:
        print(f"在用条款库 in use: 随程序安装的条款库 bundled (clause base "
              f"{use['clause_db_version']})")
    for p in info["policies"]:
        editions = p.get("editions") or []
        # each edition with its period where there are several (a pack's final edition
        # was not listed: only the draft's status and period)
        shown = editions if len(editions) > 1 else [p]
        periods = "；".join(f"[{e.get('label') or e.get('status')}] "
                           f"{e.get('valid_from') or '印发之日'} – {e.get('valid_until') or '—'}"
                           for e in shown)
        print(f"  {p['policy_id']}: {p['title']} {periods}")
    print(f"已导入 imported: {len(info['installed'])}")
    for n, e in enumerate(reversed(info["installed"])):
        # The latest is in use, unless it cannot be read (then the bundled base serves).
        latest_unread = e.get("unreadable", False)
        mark = ("!" if latest_unread else "*") if n == 0 else " "
        note = "  （无法读取 unreadable）" if latest_unread else ""
        print(f" {mark} {e['pack_version']}  {e['clause_db_version']}  导入于 imported "
              f"{_local_time(e['installed'])}  来自 from {e.get('source_name', '')}{note}")
    print(f"信任的密钥 trusted keys: {len(info['trusted_keys'])}")
    for k in info["trusted_keys"]:
        origin = KEY_ORIGINS.get(k["origin"], k["origin"])
        print(f"  {packs.grouped(k['fingerprint'])}  （{origin}）")
    return 0


KEY_ORIGINS = {"bundled": "随程序安装 bundled", "user": "用户添加 user"}


def _local_time(stamp: str | None) -> str:
    """An import's time as this computer's clock shows it (it was printed in UTC, with
    its offset: "2026-12-07T22:43:18+00:00" for a firm in Beijing at 06:43)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp or "").astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp or "—"


def _trust(args: argparse.Namespace, packs: Any) -> int:
    before = packs.trusted_keys()
    _, fp = packs.read_public_key(args.key)
    if before.get(fp, (None, ""))[1] == "bundled":  # (a copy in the data folder: no use)
        print(f"此密钥随程序附带，始终受信任 / this key comes with the program and is always "
              f"trusted. 指纹 fingerprint:\n{packs.grouped(fp)}")
        return 0
    fp = packs.trust_key(args.key)
    again = "（此密钥此前已信任 already trusted）" if fp in before else ""
    print(f"已信任此密钥 key trusted{again}. 指纹 fingerprint "
          f"(请与发布方电话核对 compare by phone):")
    print(packs.grouped(fp))
    # Trusted at once (the contract's command takes no answer); if the fingerprint read
    # out on the phone differs, the user must know how to take the trust back.
    where = packs.user_keys_dir() / f"{fp}.pub"
    print(f"如指纹不一致，请删除 {where}，该发布方的更新包即不再被接受 / if the fingerprint "
          f"does not match, delete {where}: packs signed with it are refused again")
    return 0


def _import(args: argparse.Namespace, packs: Any) -> int:
    from desktop_app.core.clausedb import default_db

    before = default_db()
    pack = packs.verify_pack(args.pack)
    if packs.is_in_use(pack):
        print(f"已在使用 already in use: pack {pack.version}; nothing changed")
        return 0
    packs.check_import(pack, pack.db, args.allow_downgrade)
    diff = packs.diff_dbs(before, pack.db)
    entry = packs.install(pack)
    sys.stdout.write(packs.diff_text(diff))
    print(f"已导入 imported: pack {entry['pack_version']} (clause base "
          f"{entry['clause_db_version']}, {len(pack.cases)} rule cases passed)")
    return 0


def _diff(args: argparse.Namespace, packs: Any) -> int:
    from desktop_app.core.clausedb import default_db

    if len(args.files) > 2:
        return _refuse("packs diff takes at most two files: [FROM.pspack] TO.pspack")
    old = packs.db_of_file(args.files[0]) if len(args.files) == 2 else default_db()
    new = packs.db_of_file(args.files[-1])
    diff = packs.diff_dbs(old, new)
    if args.format == "json":
        print(json.dumps(diff, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(packs.diff_text(diff))
    return 0


def _rollback(args: argparse.Namespace, packs: Any) -> int:
    change = packs.rollback_diff()  # what goes, said with the result (a final edition, say)
    entry = packs.rollback()
    if entry is None:
        print("已回退 rolled back: 现用随程序安装的条款库 the bundled clause base is in use")
    else:
        print(f"已回退 rolled back: 现用更新包 pack {entry['pack_version']} "
              f"(clause base {entry['clause_db_version']})")
    if change is not None:
        print(packs.diff_text(change), end="")
    return 0


_COMMANDS = {"list": _list, "trust": _trust, "import": _import, "diff": _diff,
             "rollback": _rollback}
