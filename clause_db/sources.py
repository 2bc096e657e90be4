"""Reading and validating the YAML sources of the clause database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

SOURCES = Path(__file__).parent / "sources"
ORIGINALS = Path(__file__).parent / "originals"
# The shipped policies' rule cases, which the test suite runs too.
REPO_CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def cases_folder(sources: Path) -> Path:
    """Where a sources folder's rule cases live (ID.yaml a policy): its own `cases/`, or
    for the shipped sources without one, tests/cases. Named in every message that asks
    for cases, so it must be where lint, test and pack look."""
    own = Path(sources) / "cases"
    if own.is_dir() or Path(sources).resolve() != SOURCES.resolve():
        return own
    return REPO_CASES


POLICY_FILES = ("mentougou.yaml", "dongcheng.yaml")
SHARED_FILES = {"facts.yaml", "glossary.yaml", "messages.yaml"}

# groups: a list of same-project stacking group ids (stacking.separate_projects).
FACT_TYPES = {"text", "enum", "bool", "money", "count", "year", "decimal", "groups"}
NUMERIC = {"money", "count", "year", "decimal"}
QUANTITIES = {"money", "count", "decimal"}  # numbers that can be divided and compared as such
COMPARISONS = ("gt", "ge", "lt", "le")
BENEFICIARIES = ("applicant", "new_subsidiary")  # who applies and receives the money
TODO = "TODO"  # what `python -m clause_db new` leaves for the analyst to fill in
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
PERCENT = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*[%％]")  # a percentage a description states


class SourceError(Exception):
    """A source file is wrong; the message names the file and the place."""


@dataclass
class Sources:
    topics: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    glossary: list[dict[str, Any]]
    messages: dict[str, dict[str, str]]
    policies: list[dict[str, Any]]
    originals: Path = ORIGINALS  # the published texts the items quote


def _load(name: str, directory: Path = SOURCES) -> Any:
    path = directory / name
    try:
        # libyaml's loader where PyYAML has it: 5,000 items parse in a second, not thirty.
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise SourceError(f"{name}: not valid YAML: {exc}") from exc


def original_text(source_file: str, originals: Path = ORIGINALS) -> str:
    """The policy as published, without the conversion's bookmark markers."""
    return BOOKMARK.sub("", (originals / source_file).read_text(encoding="utf-8"))


def policy_files(directory: Path) -> list[str]:
    """The policy sources of a directory: the bundled two first, then any other, by name."""
    names = sorted(p.name for p in directory.glob("*.yaml") if p.name not in SHARED_FILES)
    return [n for n in POLICY_FILES if n in names] + [n for n in names if n not in POLICY_FILES]


def load_sources(directory: str | Path | None = None) -> Sources:
    """Read and validate the sources in `directory` (default: clause_db/sources).

    facts.yaml, glossary.yaml and messages.yaml are taken from clause_db/sources
    when the folder has none of its own, so a folder may hold policies only.
    """
    directory = Path(directory) if directory is not None else SOURCES

    def shared(name: str) -> Any:
        return _load(name, directory if (directory / name).is_file() else SOURCES)

    facts_doc = shared("facts.yaml")
    sources = Sources(
        topics=facts_doc["topics"],
        facts=facts_doc["facts"],
        glossary=shared("glossary.yaml")["terms"],
        messages=shared("messages.yaml")["messages"],
        policies=[_load(name, directory) for name in policy_files(directory)],
        # A sources folder of its own (a pack's) may hold its own published texts.
        originals=directory / "originals" if (directory / "originals").is_dir() else ORIGINALS,
    )
    validate(sources)
    return sources


def _todos(value: Any, path: str = "") -> list[str]:
    """Where a skeleton's TODO markers are still in place."""
    if isinstance(value, str):
        return [path or "value"] if value.strip().startswith(TODO) else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _todos(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [p for n, v in enumerate(value, 1) for p in _todos(v, f"{path}[{n}]")]
    return []


def validate(src: Sources) -> None:
    facts = {f["id"]: f for f in src.facts}
    topics = {t["id"] for t in src.topics}
    terms = {t["term"] for t in src.glossary}
    for f in src.facts:
        where = f"facts.yaml: fact {f.get('id')}"
        if f.get("type") not in FACT_TYPES:
            raise SourceError(f"{where}: unknown type {f.get('type')!r}")
        if f.get("topic") not in topics and not (f["type"] == "groups" and f.get("topic") is None):
            raise SourceError(f"{where}: unknown topic {f.get('topic')!r}")
        for key in ("zh", "en", "help_zh", "help_en"):
            if not f.get(key):
                raise SourceError(f"{where}: missing {key}")
        if f["type"] == "enum" and not f.get("options"):
            raise SourceError(f"{where}: an enum needs options")
        for term in f.get("glossary", []):
            if term not in terms:
                raise SourceError(f"{where}: glossary term {term!r} is not in glossary.yaml")
    if len(facts) != len(src.facts):
        raise SourceError("facts.yaml: a fact id is repeated")

    item_ids: set[str] = set()
    for doc in src.policies:
        policy = doc["policy"]
        name = f"{policy['id']}.yaml"
        todos = _todos(policy)
        if todos:
            raise SourceError(f"{name}: policy: {TODO} left in {', '.join(todos)}: "
                              "fill it in (docs/AUTHORING.md)")
        text = original_text(policy["source_file"], src.originals)
        commons = {c["id"] for c in doc.get("common_criteria", [])}
        editions = _check_editions(policy, name)
        for c in doc.get("common_criteria", []):
            _check_criterion(c, facts, text, f"{name}: common criterion {c['id']}")
        for item in doc["items"]:
            where = f"{name}: item {item.get('id')}"
            if item["id"] in item_ids:
                raise SourceError(f"{where}: repeated item id")
            item_ids.add(item["id"])
            todos = _todos({k: v for k, v in item.items() if k != "text"})
            if todos:
                raise SourceError(f"{where}: {TODO} left in {', '.join(todos)}: fill it in "
                                  "(docs/AUTHORING.md) or delete the item")
            if not item.get("text"):
                raise SourceError(f"{where}: item without text")
            if item["text"] not in text:
                raise SourceError(f"{where}: text is not verbatim in {policy['source_file']}")
            for key in ("article", "benefit", "benefit_en", "criteria", "formula"):
                if not item.get(key):
                    raise SourceError(f"{where}: missing {key}")
            if item.get("beneficiary", "applicant") not in BENEFICIARIES:
                raise SourceError(f"{where}: beneficiary must be one of {BENEFICIARIES}")
            for skip in item.get("skip_common", []):
                if skip not in commons:
                    raise SourceError(f"{where}: skip_common names unknown {skip!r}")
            for n, c in enumerate(item["criteria"], 1):
                _check_criterion(c, facts, text, f"{where}: criterion {n}")
                if c.get("verbatim", True) and c["text"] not in item["text"]:
                    raise SourceError(f"{where}: criterion {n} is not in the article's text")
            _check_formula(item["formula"], facts, where)
            _check_item_editions(item, editions, facts, src.originals, where)
        for group in doc.get("stacking", []):
            for member in group["items"]:
                if member not in {i["id"] for i in doc["items"]}:
                    raise SourceError(f"{name}: stacking {group['id']} names unknown {member!r}")


def _check_criterion(c: dict, facts: dict, policy_text: str, where: str) -> None:
    if not c.get("text"):
        raise SourceError(f"{where}: criterion without text")
    if c.get("verbatim", True) and c["text"] not in policy_text:
        raise SourceError(f"{where}: text {c['text']!r} is not verbatim in the policy")
    if c.get("review"):
        if "test" in c:
            raise SourceError(f"{where}: a review criterion has no test")
        return
    if "test" not in c:
        raise SourceError(f"{where}: needs a test or review: true")
    if "unpublished" in c and not all(c["unpublished"].get(k) for k in ("zh", "en")):
        raise SourceError(f"{where}: unpublished needs the question in zh and en")
    check_test(c["test"], facts, where)


def check_test(test: Any, facts: dict, where: str) -> None:
    """Reject unknown operators, unknown facts and comparisons on the wrong type."""
    if not isinstance(test, dict) or not test:
        raise SourceError(f"{where}: a test must be a mapping, got {test!r}")
    if "all" in test or "any" in test:
        for sub in test.get("all", test.get("any")):
            check_test(sub, facts, where)
        return
    if "not" in test:
        check_test(test["not"], facts, where)
        return
    if "ratio" in test or "growth" in test:
        _check_quotient(test, facts, where)
        return
    if "sum" in test:
        names = test["sum"]
    elif "fact" in test:
        names = [test["fact"]]
    else:
        raise SourceError(f"{where}: unknown test {test!r}")
    ops = [k for k in test if k not in ("fact", "sum")]
    if len(ops) != 1:
        raise SourceError(f"{where}: a test needs exactly one operator, got {ops}")
    op = ops[0]
    for name in names:
        fact = facts.get(name)
        if fact is None:
            raise SourceError(f"{where}: unknown fact {name!r}")
        kind = fact["type"]
        if op in COMPARISONS and kind not in NUMERIC:
            raise SourceError(f"{where}: {op} on {name}, a {kind} fact")
        if op == "is" and kind != "bool":
            raise SourceError(f"{where}: 'is' on {name}, a {kind} fact")
        if op in ("eq", "ne", "in") and kind == "enum":
            values = test[op] if op == "in" else [test[op]]
            allowed = {o["value"] for o in fact["options"]}
            if not set(values) <= allowed:
                raise SourceError(f"{where}: {values} not among the options of {name}")
        if op not in COMPARISONS + ("is", "eq", "ne", "in"):
            raise SourceError(f"{where}: unknown operator {op!r}")
    if "sum" in test and any(facts[n]["type"] != "money" for n in names):
        raise SourceError(f"{where}: sum takes money facts only")


def _check_quotient(test: dict, facts: dict, where: str) -> None:
    """{ratio: [a, b], ge: "5%"} or {growth: [this_year, last_year], ge: "20%"}."""
    kind = "ratio" if "ratio" in test else "growth"
    names = test[kind]
    if not isinstance(names, list) or len(names) != 2:
        pair = "numerator, denominator" if kind == "ratio" else "this year, last year"
        raise SourceError(f"{where}: {kind} takes two facts, [{pair}]")
    ops = [k for k in test if k != kind]
    if len(ops) != 1 or ops[0] not in COMPARISONS:
        raise SourceError(f"{where}: {kind} needs exactly one of {', '.join(COMPARISONS)}, "
                          f"got {ops}")
    _check_number(test[ops[0]], f"{where}: {kind} {ops[0]}", allow_zero=True, signed=True)
    for name in names:
        if name not in facts:
            raise SourceError(f"{where}: unknown fact {name!r}")
        if facts[name]["type"] not in QUANTITIES:
            raise SourceError(f"{where}: {kind} on {name}, a {facts[name]['type']} fact "
                              "(money, count or decimal needed)")
    if kind == "growth" and facts[names[0]]["type"] != facts[names[1]]["type"]:
        raise SourceError(f"{where}: growth compares two facts of one type, got "
                          f"{facts[names[0]]['type']} and {facts[names[1]]['type']}")


def _check_number(value: Any, where: str, allow_zero: bool = False, signed: bool = False,
                  whole: bool = False) -> None:
    """A number written as an integer or a decimal/percent string ("0.3", "5%")."""
    from desktop_app.core.logic import exact

    if whole and (isinstance(value, bool) or not isinstance(value, int)):
        raise SourceError(f"{where}: needs a whole number, got {value!r}")
    try:
        num, _ = exact(value)
    except (ValueError, TypeError):
        raise SourceError(f"{where}: {value!r} is not a number (write 3, \"0.5\" or \"20%\")"
                          ) from None
    if num < 0 and not signed:
        raise SourceError(f"{where}: {value!r} must not be negative")
    if num == 0 and not allow_zero:
        raise SourceError(f"{where}: {value!r} must be above 0")


def _check_fact(facts: dict, name: Any, types: set[str], where: str) -> None:
    if name not in facts:
        raise SourceError(f"{where}: unknown fact {name!r}")
    if facts[name]["type"] not in types:
        raise SourceError(f"{where}: {name} is a {facts[name]['type']} fact, "
                          f"needs {' or '.join(sorted(types))}")


def _check_rate(formula: dict, where: str) -> None:
    from desktop_app.core.logic import exact

    try:
        num, den = exact(formula["rate"])
    except (KeyError, ValueError, TypeError):
        raise SourceError(f"{where}: a rate formula needs a numeric rate") from None
    if not 0 < num <= den:
        raise SourceError(f"{where}: rate {num / den} is outside (0, 1]")
    # The description is what readers see (results, exports, `packs diff`): a percentage it
    # states must be the rate the amount is computed with.
    for lang in ("zh", "en"):
        for stated in PERCENT.findall(str(formula.get(lang) or "")):
            if Fraction(stated) / 100 != Fraction(num, den):
                raise SourceError(f"{where}: the formula's {lang} says {stated}% but its rate "
                                  f"is {formula['rate']} ({float(Fraction(num, den) * 100):g}%)")


def _check_formula(formula: dict, facts: dict, where: str) -> None:
    from desktop_app.core.amounts import FORMULA_KINDS

    if not isinstance(formula, dict):
        raise SourceError(f"{where}: a formula must be a mapping, got {formula!r}")
    kind = formula.get("kind")
    if kind not in FORMULA_KINDS:
        raise SourceError(f"{where}: unknown formula kind {kind!r} "
                          f"(one of {', '.join(sorted(FORMULA_KINDS))})")
    if kind != "cap_only" and not (formula.get("zh") and formula.get("en")):
        raise SourceError(f"{where}: a {kind} formula needs zh and en (how it is computed)")
    if kind == "rate":
        for name in formula.get("base", []):
            if name not in facts:
                raise SourceError(f"{where}: formula base: unknown fact {name!r}")
            if facts[name]["type"] != "money":
                raise SourceError(f"{where}: formula base {name} is not a money fact")
        if not formula.get("base"):
            raise SourceError(f"{where}: a rate formula needs a base")
        _check_rate(formula, where)
        share = formula.get("share")  # an unpublished share of the base, in words
        if share is not None and not (isinstance(share, dict) and share.get("zh")
                                      and share.get("en")):
            raise SourceError(f"{where}: a rate's share is the unpublished share in zh and en")
    if kind == "per_unit":
        unit = formula.get("unit_fact")
        if unit not in facts or facts[unit]["type"] != "count":
            raise SourceError(f"{where}: per_unit needs a count fact, got {unit!r}")
        _check_number(formula.get("unit_amount"), f"{where}: per_unit unit_amount", whole=True)
        if "unit_cap" in formula:
            _check_number(formula["unit_cap"], f"{where}: per_unit unit_cap", whole=True)
    if kind == "tiered":
        _check_tiered(formula, facts, where)
    if kind == "rent":
        _check_rent(formula, facts, where)
    if kind == "increment":
        _check_fact(facts, formula.get("current"), {"money", "count"},
                    f"{where}: increment current")
        kind_now = facts[formula["current"]]["type"]
        _check_fact(facts, formula.get("previous"), {kind_now}, f"{where}: increment previous")
        if ("rate" in formula) == ("unit_amount" in formula):
            raise SourceError(f"{where}: increment needs either rate (on money) or "
                              "unit_amount (on counts)")
        if "rate" in formula:
            if kind_now != "money":
                raise SourceError(f"{where}: increment rate needs money facts; use unit_amount "
                                  "for counts")
            _check_rate(formula, where)
        else:
            _check_number(formula["unit_amount"], f"{where}: increment unit_amount", whole=True)
    if kind == "higher_of":
        options = formula.get("options")
        if not isinstance(options, list) or len(options) < 2:
            raise SourceError(f"{where}: higher_of needs at least two options")
        for n, option in enumerate(options, 1):
            if isinstance(option, dict) and option.get("kind") in ("unpublished", "cap_only"):
                raise SourceError(f"{where}: higher_of option {n}: a {option['kind']} option "
                                  "has no amount to compare")
            _check_formula(option, facts, f"{where}: higher_of option {n}")
    _check_caps(formula, facts, where)


def _check_tiered(formula: dict, facts: dict, where: str) -> None:
    from desktop_app.core.logic import exact

    _check_fact(facts, formula.get("fact"), QUANTITIES, f"{where}: tiered fact")
    if "previous" in formula:
        _check_fact(facts, formula["previous"], {facts[formula["fact"]]["type"]},
                    f"{where}: tiered previous")
    if formula.get("pay", "highest") not in ("highest", "each"):
        raise SourceError(f"{where}: tiered pay is highest or each, got {formula['pay']!r}")
    tiers = formula.get("tiers")
    if not isinstance(tiers, list) or not tiers:
        raise SourceError(f"{where}: tiered needs tiers")
    last = None
    for n, tier in enumerate(tiers, 1):
        at = f"{where}: tier {n}"
        if not isinstance(tier, dict):
            raise SourceError(f"{at}: a tier is a mapping with at_least, amount, zh, en")
        _check_number(tier.get("at_least"), f"{at} at_least")
        _check_number(tier.get("amount"), f"{at} amount", whole=True)
        if not (tier.get("zh") and tier.get("en")):
            raise SourceError(f"{at}: needs zh and en (the threshold in words)")
        num, den = exact(tier["at_least"])
        if last is not None and num * last[1] <= last[0] * den:
            raise SourceError(f"{at}: at_least must rise from tier to tier")
        last = (num, den)


RENT_PARTS = {"area": {"decimal", "count"}, "price": {"decimal", "money"}, "days": {"count"}}


def _check_rent(formula: dict, facts: dict, where: str) -> None:
    for part, types in RENT_PARTS.items():
        has_fact, has_value = f"{part}_fact" in formula, part in formula
        if has_fact == has_value:
            raise SourceError(f"{where}: rent needs either {part}_fact (asked) or {part} "
                              "(fixed by the text), not both or neither")
        if has_fact:
            _check_fact(facts, formula[f"{part}_fact"], types, f"{where}: rent {part}_fact")
        else:
            _check_number(formula[part], f"{where}: rent {part}")
        if f"{part}_cap" in formula:
            _check_number(formula[f"{part}_cap"], f"{where}: rent {part}_cap")
    if "share" in formula:
        _check_number(formula["share"], f"{where}: rent share")
        from desktop_app.core.logic import exact

        num, den = exact(formula["share"])
        if num > den:
            raise SourceError(f"{where}: rent share {formula['share']!r} is above 1 (100%)")


def _check_caps(formula: dict, facts: dict, where: str) -> None:
    kind = formula["kind"]
    if kind == "cap_only" and not formula.get("caps"):
        raise SourceError(f"{where}: cap_only needs caps")
    caps = formula.get("caps", [])
    for n, cap in enumerate(caps, 1):
        if not isinstance(cap.get("value"), int) or cap["value"] <= 0:
            raise SourceError(f"{where}: a cap needs a positive whole value")
        if "when" in cap:
            check_test(cap["when"], facts, where)
        elif n < len(caps):
            # Caps are tried in order and the first that applies wins.
            raise SourceError(f"{where}: cap {n + 1} is never reached (cap {n} has no `when`)")
    if kind == "cap_only" and "when" in caps[-1]:
        raise SourceError(f"{where}: cap_only needs a last cap without `when`, "
                          "or some facts would leave no bound")


EDITION_STATUSES = ("draft", "final", "amendment")


def _check_editions(policy: dict, name: str) -> dict[str, dict]:
    """A policy's editions (desktop_app/core/editions.py), in order of publication."""
    editions = policy.get("editions")
    if editions is None:
        return {}
    if not isinstance(editions, list) or not editions:
        raise SourceError(f"{name}: editions must be a non-empty list")
    out: dict[str, dict] = {}
    for n, ed in enumerate(editions, 1):
        where = f"{name}: edition {ed.get('id', n)}"
        for key in ("id", "label", "label_en", "status", "validity_text", "validity_en"):
            if not ed.get(key):
                raise SourceError(f"{where}: missing {key}")
        if ed["status"] not in EDITION_STATUSES:
            raise SourceError(f"{where}: status must be one of {', '.join(EDITION_STATUSES)}")
        if ed["id"] in out:
            raise SourceError(f"{where}: repeated edition id")
        start, until = ed.get("valid_from"), ed.get("valid_until")
        if start and until and str(start) > str(until):
            raise SourceError(f"{where}: valid_from is after valid_until")
        out[ed["id"]] = ed
    return out


def _check_item_editions(item: dict, editions: dict[str, dict], facts: dict,
                         originals: Path, where: str) -> None:
    """An item's editions exist; its wording per edition is checked like its own."""
    for ed in item.get("editions") or []:
        if ed not in editions:
            raise SourceError(f"{where}: editions names unknown edition {ed!r}")
    from desktop_app.core.editions import ITEM_OVERRIDES  # (one list: what the app applies)

    for ed, changes in (item.get("by_edition") or {}).items():
        if ed not in editions:
            raise SourceError(f"{where}: by_edition names unknown edition {ed!r}")
        unknown = set(changes) - set(ITEM_OVERRIDES)
        if unknown:
            raise SourceError(f"{where}: by_edition {ed}: cannot change {sorted(unknown)}")
        source = editions[ed].get("source_file")
        text = original_text(source, originals) if source else None
        if "text" in changes and text is not None and changes["text"] not in text:
            raise SourceError(f"{where}: by_edition {ed}: text is not verbatim in {source}")
        for n, c in enumerate(changes.get("criteria", []), 1):
            _check_criterion(c, facts, text if text is not None else c["text"],
                             f"{where}: by_edition {ed}: criterion {n}")
        if "formula" in changes:
            _check_formula(changes["formula"], facts, f"{where}: by_edition {ed}")
