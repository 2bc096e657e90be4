"""What evaluating an item gives: the verdicts, a criterion's statuses, who applies, and a
criterion's result. Kept apart from core/report.py (the report's own classes) because the
wizard's first window evaluates items (core/relevance.py) but shows no report yet."""

from __future__ import annotations

ELIGIBLE, UNCERTAIN, INELIGIBLE = "eligible", "uncertain", "ineligible"
MET, UNMET, UNKNOWN, REVIEW = "met", "unmet", "unknown", "review"
APPLICANT, NEW_SUBSIDIARY = "applicant", "new_subsidiary"
# The verdicts as a roster's summary and the case library's changes word them
VERDICT_ZH = {ELIGIBLE: "可申报", UNCERTAIN: "待确认", INELIGIBLE: "不符合"}


class CriterionResult:
    """One condition of an item as judged: read-only, so items may share one.

    A plain slotted class, not a dataclass: the wizard's first window evaluates every
    item, and the dataclasses module and a dataclass's generated methods cost it some
    3 ms (frozen). report.py writes it to JSON by JSON_FIELDS, in this order.
    """

    __slots__ = ("text", "text_en", "status", "facts", "verbatim", "unpublished")
    JSON_FIELDS = __slots__

    def __init__(self, text: str, text_en: str, status: str, facts: list[str] | None = None,
                 verbatim: bool = True, unpublished: bool = False):
        set_ = object.__setattr__
        set_(self, "text", text)  # the clause's own words
        set_(self, "text_en", text_en)
        set_(self, "status", status)  # met | unmet | unknown | review
        set_(self, "facts", [] if facts is None else facts)  # facts the condition reads
        set_(self, "verbatim", verbatim)
        set_(self, "unpublished", unpublished)  # the text leaves this threshold unpublished

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"CriterionResult is read-only ({name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"CriterionResult is read-only ({name})")

    def __reduce__(self) -> tuple:  # copy, deepcopy and pickle make it through __init__
        return CriterionResult, self._values()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not CriterionResult:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.text, self.text_en, self.status, tuple(self.facts), self.verbatim,
                     self.unpublished))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"CriterionResult({fields})"
