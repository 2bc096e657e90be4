"""Turning a published policy text into clause-database sources, for analysts.

    python -m clause_db new --id ID --text POLICY.txt [--sources DIR] [--force]
    python -m clause_db lint [--sources DIR]
    python -m clause_db test [--policy ID] [--sources DIR]

`new` writes a skeleton: the policy's metadata as stubs and one item per article
(第X条) and sub-clause (（一）), each with its text verbatim and its benefit,
criteria and formula marked TODO, which the build refuses until they are filled
in (or the item is deleted). `lint` checks the sources and names the file and
line of each problem; `test` builds the sources into a temporary database and
runs the policies' rule cases against it. docs/AUTHORING.md walks through it.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clause_db.sources import (
    BOOKMARK,
    ORIGINALS,
    SHARED_FILES,
    SOURCES,
    TODO,
    SourceError,
    cases_folder,
    load_sources,
    policy_files,
)

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
NUM = "[一二三四五六七八九十百零两]+"
ARTICLE = re.compile(rf"^[ \t\u3000]*(第({NUM})条)[ \t\u3000]*", re.M)
SUBCLAUSE = re.compile(rf"^[ \t\u3000]*(（({NUM})）)[ \t\u3000]*", re.M)
HEADING = re.compile(rf"^[ \t\u3000]*(?:{NUM}、|第{NUM}章)[^\n]*$", re.M)
POLICY_ID = re.compile(r"^[a-z][a-z0-9-]{1,40}$")


def cn_number(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一百零五 -> 105."""
    total, digit = 0, 0
    for ch in text:
        if ch in CN_UNITS:
            total += (digit or 1) * CN_UNITS[ch]
            digit = 0
        else:
            digit = CN_DIGITS[ch]
    return total + digit


@dataclass
class Piece:
    """One article or sub-clause of a policy text, its words verbatim."""

    item_id: str
    article: str
    chapter: str
    text: str


def split_policy(text: str, policy_id: str) -> list[Piece]:
    """The articles and sub-clauses of a text, in order.

    An article (第X条) is one piece; each sub-clause （一） in it is another. A text
    without articles (numbered （一）（二）… under headings 一、二、…) gives one piece
    per sub-clause. A piece runs to the next marker or heading, so its text is a
    verbatim slice of the original, without the marker.
    """
    marks = []
    for kind, pattern in (("article", ARTICLE), ("sub", SUBCLAUSE), ("heading", HEADING)):
        marks += [(m.start(), m.end(), kind, m) for m in pattern.finditer(text)]
    marks.sort(key=lambda mark: mark[0])
    pieces: list[Piece] = []
    chapter = ""
    article_no: int | None = None
    article_label = ""
    for n, (_start, end, kind, m) in enumerate(marks):
        stop = marks[n + 1][0] if n + 1 < len(marks) else _end_of_text(text, end)
        if kind == "heading":
            chapter = m.group(0).strip()
            if not ARTICLE.search(text):  # headings end the numbering's scope in texts
                article_no = None         # without articles only
            continue
        body = text[end:stop].strip()
        if kind == "article":
            article_no = cn_number(m.group(2))
            article_label = m.group(1)
            item_id, label = f"{policy_id}-{article_no:02d}", article_label
        else:
            sub = cn_number(m.group(2))
            if article_no is None:
                item_id, label = f"{policy_id}-{sub:02d}", m.group(1)
            else:
                item_id = f"{policy_id}-{article_no:02d}-{sub}"
                label = f"{article_label}{m.group(1)}"
        if body:
            pieces.append(Piece(item_id, label, chapter, body))
    return pieces


def _end_of_text(text: str, start: int) -> int:
    """Where the last piece ends: at the first blank line after it (closing remarks,
    contact lines and attachments follow the last article after a blank line)."""
    blank = re.search(r"\n[ \t\u3000]*\n", text[start:])
    return start + blank.start() if blank else len(text)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"


def _date_after(words: str, text: str) -> str | None:
    """The first date the text gives right after `words` ("有效期至2027年12月31日"), ISO."""
    m = re.search(words + r"\s*" + _DATE, text)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def _sentence_with(pattern: str, text: str) -> str | None:
    """The sentence (to its 。) holding `pattern`, as the text has it."""
    m = re.search(r"[^。\n]*" + pattern + r"[^。\n]*。?", text)
    if not m:
        return None
    # without the article's number ("第四条 本措施自…"): the words, as the sources keep them
    return re.sub(rf"^\s*(?:第{NUM}条|[（(]{NUM}[)）])\s*", "", m[0]).strip()


def _stub(value: str | None, note: str) -> str:
    """A field found in the text, quoted with a reminder to check it; else a TODO."""
    return f"{_q(value)}  # check: found in the text" if value else f"\"{TODO}\"  # {note}"


def skeleton(policy_id: str, source_file: str, text: str) -> str:
    """The YAML source skeleton for a policy text: dates, validity and interpretation
    filled in where the text states them in the usual words (to check), TODO elsewhere."""
    pieces = split_policy(text, policy_id)
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    valid_from = _date_after(r"自", text) if re.search(_DATE + r"\s*起", text) else None
    valid_until = _date_after(r"有效期至", text)
    validity = _sentence_with(r"(?:起施行|有效期)", text)
    interpretation = _sentence_with(r"负责解释", text)
    lines = [
        f"# {title}",
        f"# Skeleton made by `python -m clause_db new` from {source_file}.",
        f"# Fill in every {TODO} (docs/AUTHORING.md), or delete items that give no benefit",
        "# (objectives, procedures, supervision): the build refuses the file until then.",
        "policy:",
        f"  id: {policy_id}",
        f"  district: {TODO}  # the value of company.district this policy applies to",
        f"  source_file: {source_file}",
        f"  title: {_q(title)}  # check: the first line of the text",
        f"  title_en: \"{TODO}\"",
        f"  bureau: \"{TODO}\"",
        f"  bureau_en: \"{TODO}\"",
        f"  status: \"{TODO}\"  # 征求意见稿 / 正式稿",
        f"  status_en: \"{TODO}\"  # draft for comment / final",
        f"  valid_from: {valid_from or 'null'}  # YYYY-MM-DD, or null where the text gives "
        "no date" + ("; check: found in the text" if valid_from else ""),
        f"  valid_until: {valid_until or 'null'}"
        + ("  # check: found in the text" if valid_until else ""),
        f"  validity_text: {_stub(validity, 'the text’s own words on validity')}",
        f"  validity_en: \"{TODO}\"",
        f"  interpretation: {_stub(interpretation, '本措施由……负责解释')}",
        "  phone: null",
        "  stacking_rule: null",
        f"  last_checked: \"{TODO}\"  # YYYY-MM-DD, the day you compared this file with the text",
        "",
        "common_criteria: []  # conditions every item shares, e.g. the district",
        "",
        "stacking: []",
        "",
        "items:",
    ]
    for p in pieces:
        lines += [
            f"  - id: {p.item_id}",
            f"    article: {_q(p.article)}",
            f"    chapter: {_q(p.chapter)}",
            f"    text: {_q(p.text)}",
            f"    benefit: \"{TODO}: 一句话概括支持内容\"",
            f"    benefit_en: \"{TODO}: the benefit in one line\"",
            "    criteria:",
            f"      - text: \"{TODO}: 条件原文，从 text 中逐字复制\"",
            f"        en: \"{TODO}: the condition in English\"",
            f"        test: \"{TODO}: e.g. {{fact: company.annual_revenue_yuan, ge: 100000000}}\"",
            f"    formula: \"{TODO}: one of rate, per_unit, tiered, rent, increment, "
            "higher_of, cap_only, unpublished\"",
            "    materials: []",
            "    ask_bureau: []",
            "",
        ]
    return "\n".join(lines)


def _originals_dir(sources: Path) -> Path:
    return ORIGINALS if sources.resolve() == SOURCES.resolve() else sources / "originals"


def cmd_new(args: argparse.Namespace) -> int:
    policy_id = args.id
    if not POLICY_ID.match(policy_id):
        print(f"clause_db new: --id {policy_id!r}: use lower-case letters, digits and '-', "
              "starting with a letter (e.g. haidian-ai-2026)", file=sys.stderr)
        return 2
    text_path = Path(args.text)
    try:
        raw = text_path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        print(f"clause_db new: cannot read {text_path}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"clause_db new: {text_path} is not UTF-8 text; save it as UTF-8 first",
              file=sys.stderr)
        return 2
    sources = Path(args.sources)
    target = sources / f"{policy_id}.yaml"
    if target.name in SHARED_FILES or (target.exists() and not args.force):
        print(f"clause_db new: {target} exists; use --force to replace it", file=sys.stderr)
        return 2
    # As the build reads the copy: universal newlines (a text saved on Windows has \r\n).
    text = BOOKMARK.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    pieces = split_policy(text, policy_id)
    if not pieces:
        print(f"clause_db new: {text_path}: found no article (第X条) or sub-clause (（一）)",
              file=sys.stderr)
        return 2
    originals = _originals_dir(sources)
    originals.mkdir(parents=True, exist_ok=True)
    copy = originals / text_path.name
    if not copy.exists() or copy.read_bytes() != text_path.read_bytes():
        shutil.copyfile(text_path, copy)
    sources.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(policy_id, text_path.name, text), encoding="utf-8")
    print(f"wrote {target}: {len(pieces)} items "
          f"({', '.join(p.article for p in pieces[:3])}{' …' if len(pieces) > 3 else ''}); "
          f"text copied to {copy}")
    print(f"next: fill in every {TODO} (docs/AUTHORING.md), then "
          f"`python -m clause_db lint{_sources_arg(sources)}`")
    return 0


def _sources_arg(sources: Path) -> str:
    return "" if sources.resolve() == SOURCES.resolve() else f" --sources {sources}"


# ------------------------------------------------------------------ lint

@dataclass
class Finding:
    path: Path
    line: int | None
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {'error' if self.error else 'warning'}: {self.message}"


def _line_of(path: Path, item_id: str | None) -> int | None:
    """The line where an item (or common criterion) of a source file starts."""
    if not item_id or not path.is_file():
        return None
    pattern = re.compile(rf"^\s*-?\s*id:\s*['\"]?{re.escape(item_id)}['\"]?\s*$")
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.match(line):
            return n
    return None


def _finding(directory: Path, exc: Exception) -> Finding:
    message = str(exc)
    m = re.match(r"([\w.-]+\.yaml): (?:item|common criterion|fact) ([\w.-]+?):", message)
    name = message.split(":", 1)[0]
    path = directory / name if name.endswith(".yaml") else directory
    if name.endswith(".yaml") and not path.is_file():
        path = SOURCES / name  # a shared file taken from clause_db/sources
    mark = getattr(exc, "__cause__", None)
    line = None
    if mark is not None and getattr(mark, "problem_mark", None) is not None:
        line = mark.problem_mark.line + 1
    elif m:
        line = _line_of(path, m.group(2))
    return Finding(path, line, message.split(": ", 1)[1] if ": " in message else message)


def lint(directory: Path) -> list[Finding]:
    """Problems in the sources: each policy file on its own, then sanity warnings."""
    import yaml

    findings: list[Finding] = []
    names = policy_files(directory)
    for name in names:
        try:
            doc = yaml.safe_load((directory / name).read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            findings.append(Finding(directory / name, mark.line + 1 if mark else None,
                                    f"not valid YAML: {getattr(exc, 'problem', exc)}"))
            continue
        todos = _todo_findings(directory / name, doc)
        if todos:
            findings += todos
            continue
        others = tempfile.TemporaryDirectory()
        with others as tmp:
            # Validate one policy at a time, so that each file's first problem is reported.
            solo = Path(tmp)
            for shared in SHARED_FILES:
                if (directory / shared).is_file():
                    shutil.copyfile(directory / shared, solo / shared)
            shutil.copyfile(directory / name, solo / name)
            if (directory / "originals").is_dir():
                shutil.copytree(directory / "originals", solo / "originals")
            try:
                load_sources(solo)
            except SourceError as exc:
                findings += _item_by_item(directory, solo, name, doc) or [
                    _finding(directory, exc)]
                findings += _sanity(directory / name, doc, quiet=True)
                continue
        findings += _sanity(directory / name, doc)
    if not findings and len(names) > 1:
        try:
            load_sources(directory)  # across files: repeated item ids
        except SourceError as exc:
            findings.append(_finding(directory, exc))
    return findings


def _item_by_item(directory: Path, solo: Path, name: str, doc: Any) -> list[Finding]:
    """Each item's first problem, the file loaded with one item at a time: the whole file
    stops at its first, and an analyst fixing six mistakes ran lint six times. Empty where
    the file's problem is not an item's (its policy fields, items that clash)."""
    import yaml

    items = doc.get("items") if isinstance(doc, dict) else None
    if not isinstance(items, list) or len(items) < 2:
        return []
    found: dict[str, Finding] = {}
    for item in items:
        # without the groups naming other items: alone, they read as unknown ids
        alone = {**doc, "items": [item], "stacking": []}
        (solo / name).write_text(yaml.safe_dump(alone, allow_unicode=True, sort_keys=False),
                                 encoding="utf-8")
        try:
            load_sources(solo)
        except SourceError as exc:
            finding = _finding(directory, exc)
            found.setdefault(str(finding), finding)  # a policy field's: once, not per item
    return list(found.values())


def _todo_findings(path: Path, doc: object) -> list[Finding]:
    """Every place a skeleton still says TODO: the policy's fields, then item by item."""
    from clause_db.sources import _todos

    if not isinstance(doc, dict):
        return [Finding(path, None, "not a policy source (no `policy:` and `items:`)")]
    out = []
    policy_todos = _todos(doc.get("policy", {}))
    if policy_todos:
        out.append(Finding(path, _line_of_key(path, "policy"),
                           f"policy: fill in {', '.join(policy_todos)}"))
    for item in doc.get("items") or []:
        if not isinstance(item, dict):
            continue
        todos = _todos({k: v for k, v in item.items() if k != "text"})
        if todos:
            fields = ", ".join(dict.fromkeys(t.split("[")[0].split(".")[0] for t in todos))
            out.append(Finding(path, _line_of(path, item.get("id")),
                               f"item {item.get('id')}: fill in {fields} (or delete the item)"))
    return out


def _line_of_key(path: Path, key: str) -> int | None:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    return None


SMALL_YUAN = 1000  # a cap or an amount below this is most likely written in 万元 by mistake


def _sanity(path: Path, doc: dict, quiet: bool = False) -> list[Finding]:
    """Plausibility warnings that the schema cannot catch. `quiet`: the file has errors, so
    an item too broken to read is skipped (its error says what is wrong)."""
    if quiet:
        try:
            return _sanity(path, doc)
        except (KeyError, TypeError, AttributeError, ValueError):
            return []
    out: list[Finding] = []
    cases = _case_files(path.parent)
    covered = set()
    policy_id = doc["policy"]["id"]
    if policy_id in cases:
        import yaml

        case_doc = yaml.safe_load(cases[policy_id].read_text(encoding="utf-8")) or {}
        for case in case_doc.get("cases", []):
            covered |= set(case.get("expect") or {})
    for item in doc["items"]:
        line = _line_of(path, item["id"])

        def warn(message: str, item_id: str = item["id"], at: int | None = line) -> None:
            out.append(Finding(path, at, f"item {item_id}: {message}", error=False))

        for formula in [item["formula"], *item["formula"].get("options", [])]:
            for cap in formula.get("caps", []):
                if cap["value"] < SMALL_YUAN:
                    warn(f"cap {cap['value']} yuan is very small: amounts are in yuan "
                         f"(50万元 is 500000)")
            for tier in formula.get("tiers", []):
                if tier["amount"] < SMALL_YUAN:
                    warn(f"tier amount {tier['amount']} yuan is very small: amounts are in "
                         "yuan (50万元 is 500000)")
            if formula.get("unit_amount", SMALL_YUAN) < SMALL_YUAN:
                warn(f"unit_amount {formula['unit_amount']} yuan is very small")
        if not any(_matches(item["id"], pattern) for pattern in covered):
            case_file = cases.get(policy_id, cases_folder(path.parent) / f"{policy_id}.yaml")
            warn(f"no rule case names it (add cases to {case_file})")
    return out


def _matches(item_id: str, pattern: str) -> bool:
    from fnmatch import fnmatchcase

    return fnmatchcase(item_id, pattern)


def cmd_lint(args: argparse.Namespace) -> int:
    directory = Path(args.sources)
    findings = lint(directory)
    for finding in findings:
        print(finding, file=sys.stderr if finding.error else sys.stdout)
    errors = sum(f.error for f in findings)
    warnings = len(findings) - errors
    print(f"{len(policy_files(directory))} policy files: {errors} errors, {warnings} warnings")
    return 1 if errors else 0


# ------------------------------------------------------------------ test

def _case_files(directory: Path) -> dict[str, Path]:
    """Rule-case files by policy id, in the sources' cases folder (sources.cases_folder)."""
    place = cases_folder(directory)
    return {path.stem: path for path in sorted(place.glob("*.yaml"))} if place.is_dir() else {}


def cmd_test(args: argparse.Namespace) -> int:
    from clause_db.build import build
    from desktop_app.core.clausedb import open_db
    from desktop_app.core.rule_cases import CaseFileError, load_case_file, run_case

    directory = Path(args.sources)
    files = _case_files(directory)
    if args.policy:
        if args.policy not in files:
            print(f"clause_db test: no rule cases for {args.policy!r} "
                  f"(looked for {cases_folder(directory) / (args.policy + '.yaml')})",
                  file=sys.stderr)
            return 1
        files = {args.policy: files[args.policy]}
    if not files:
        print(f"clause_db test: no rule cases in {cases_folder(directory)}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        try:
            path, _ = build(Path(tmp) / "clauses.sqlite", directory)
        except SourceError as exc:
            print(f"clause_db: {exc}", file=sys.stderr)
            return 1
        db = open_db(path)
    failed = total = unreadable = 0
    for policy_id, case_path in files.items():
        try:
            cases = load_case_file(case_path)
        except CaseFileError as exc:
            print(f"{case_path}: {exc}", file=sys.stderr)
            unreadable += 1  # a file, not a case: counted apart ("-1 passed" read as a bug)
            continue
        for case in cases:
            total += 1
            problems = run_case(case, db)
            if problems:
                failed += 1
                print(f"FAIL {policy_id}: {case['name']}")
                for problem in problems:
                    print(f"     {problem}")
            elif args.verbose:
                print(f"ok   {policy_id}: {case['name']}")
    print(f"{total} cases in {len(files)} files: {total - failed} passed, {failed} failed"
          + (f"; {unreadable} files could not be read (above)" if unreadable else ""))
    return 1 if failed or unreadable else 0


def register(sub: argparse._SubParsersAction) -> None:
    """The authoring commands, on `python -m clause_db`."""
    n = sub.add_parser("new", help="a source skeleton from a policy text")
    n.add_argument("--id", required=True, help="the policy id, e.g. haidian-ai-2026")
    n.add_argument("--text", required=True, help="the published text, UTF-8 .txt")
    n.add_argument("--sources", default=str(SOURCES), help="sources folder to write into")
    n.add_argument("--force", action="store_true", help="replace an existing skeleton")
    n.set_defaults(run=cmd_new)
    lt = sub.add_parser("lint", help="check the sources; file:line for each problem")
    lt.add_argument("--sources", default=str(SOURCES))
    lt.set_defaults(run=cmd_lint)
    t = sub.add_parser("test", help="build the sources and run the policies' rule cases")
    t.add_argument("--policy", help="only this policy's cases")
    t.add_argument("--sources", default=str(SOURCES))
    t.add_argument("-v", "--verbose", action="store_true", help="list passing cases too")
    t.set_defaults(run=cmd_test)
