"""Reading and validating the YAML sources of the clause database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SOURCES = Path(__file__).parent / "sources"
ORIGINALS = Path(__file__).parent / "originals"
POLICY_FILES = ("mentougou.yaml", "dongcheng.yaml")

# groups: a list of same-project stacking group ids (stacking.separate_projects).
FACT_TYPES = {"text", "enum", "bool", "money", "count", "year", "groups"}
NUMERIC = {"money", "count", "year"}
COMPARISONS = ("gt", "ge", "lt", "le")
BENEFICIARIES = ("applicant", "new_subsidiary")  # who applies and receives the money
FORMULA_KINDS = {"rate", "cap_only", "per_unit", "unpublished"}
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


class SourceError(Exception):
    """A source file is wrong; the message names the file and the place."""


@dataclass
class Sources:
    topics: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    glossary: list[dict[str, Any]]
    messages: dict[str, dict[str, str]]
    policies: list[dict[str, Any]]


def _load(name: str, directory: Path = SOURCES) -> Any:
    path = directory / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SourceError(f"{name}: not valid YAML: {exc}") from exc


def original_text(source_file: str) -> str:
    """The policy as published, without the conversion's bookmark markers."""
    return BOOKMARK.sub("", (ORIGINALS / source_file).read_text(encoding="utf-8"))


def load_sources(directory: str | Path | None = None) -> Sources:
    """Read and validate the sources in `directory` (default: clause_db/sources)."""
    directory = Path(directory) if directory is not None else SOURCES
    facts_doc = _load("facts.yaml", directory)
    sources = Sources(
        topics=facts_doc["topics"],
        facts=facts_doc["facts"],
        glossary=_load("glossary.yaml", directory)["terms"],
        messages=_load("messages.yaml", directory)["messages"],
        policies=[_load(name, directory) for name in POLICY_FILES],
    )
    validate(sources)
    return sources


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
        text = original_text(policy["source_file"])
        commons = {c["id"] for c in doc.get("common_criteria", [])}
        for c in doc.get("common_criteria", []):
            _check_criterion(c, facts, text, f"{name}: common criterion {c['id']}")
        for item in doc["items"]:
            where = f"{name}: item {item.get('id')}"
            if item["id"] in item_ids:
                raise SourceError(f"{where}: repeated item id")
            item_ids.add(item["id"])
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


def _check_formula(formula: dict, facts: dict, where: str) -> None:
    kind = formula.get("kind")
    if kind not in FORMULA_KINDS:
        raise SourceError(f"{where}: unknown formula kind {kind!r}")
    if kind == "rate":
        for name in formula.get("base", []):
            if name not in facts:
                raise SourceError(f"{where}: formula base: unknown fact {name!r}")
            if facts[name]["type"] != "money":
                raise SourceError(f"{where}: formula base {name} is not a money fact")
        if not formula.get("base"):
            raise SourceError(f"{where}: a rate formula needs a base")
        try:
            rate = float(formula["rate"])
        except (KeyError, ValueError) as exc:
            raise SourceError(f"{where}: a rate formula needs a numeric rate") from exc
        if not 0 < rate <= 1:
            raise SourceError(f"{where}: rate {rate} is outside (0, 1]")
    if kind == "per_unit":
        unit = formula.get("unit_fact")
        if unit not in facts or facts[unit]["type"] != "count":
            raise SourceError(f"{where}: per_unit needs a count fact, got {unit!r}")
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
