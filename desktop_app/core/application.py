"""The firm's own part of the draft application: what it asks for, and what its projects are.

The assessment gives, per item, the *upper bound* the text allows. The firm then
says, per item it claims,

- the **申请金额** (requested amount): whole yuan, default the bound, never above it;
- a **项目情况说明** (project description): free text for the bureau.

Both are stored in the case file as an `"application"` object beside the profile
(see `desktop_app.core.case_file`), in the JSON form `Application.to_json()` gives:

    {"items": {"mentougou-03": {"requested_yuan": 300000,
                                "description": "项目名称：……"}}}

An item absent from `items`, or with `requested_yuan` null, asks for its bound.

`claim(report, application)` combines an assessment report with the application
into the rows of the 申报事项汇总表 and a total that reconciles with them: the
total is exactly the sum of the requested amounts of the rows marked `counted`.

Qt-free; the results page (GUI) edits an `Application` through `set_requested`
and `set_description`, and the exports read `claim(...)`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from desktop_app.core.amounts import share_unpublished
from desktop_app.core.editions import item_as_assessed
from desktop_app.core.report import ItemResult, Report
from desktop_app.core.verdicts import ELIGIBLE, UNCERTAIN

if TYPE_CHECKING:
    from desktop_app.core.clausedb import ClauseDB

MAX_DESCRIPTION = 4000  # characters: about two pages, more than any form's box holds
# What a description should cover when the firm has not written one (the placeholder
# the exports show, outlined).
DESCRIPTION_OUTLINE = {
    "zh": ["项目名称", "实施时间", "投入（金额及构成）", "成效（产出、收入、应用情况）"],
    "en": ["Project name", "Period of implementation", "Investment (amount and make-up)",
           "Results (output, revenue, use)"],
}


def outline_text(lang: str) -> str:
    """The outline as the description box starts when empty: a heading a line, each
    followed by its colon ("项目名称：\n实施时间：…"), to write after."""
    colon = "：" if lang == "zh" else ": "
    return "\n".join(f"{p}{colon}" for p in DESCRIPTION_OUTLINE[lang]).strip()


class ApplicationError(ValueError):
    """An invalid entry; `zh` and `en` say why (shown beside the field)."""

    def __init__(self, item_id: str, zh: str, en: str):
        super().__init__(f"{item_id}: {en}")
        self.item_id, self.zh, self.en = item_id, zh, en


@dataclass
class ItemEntry:
    """The firm's entries for one item. `requested_yuan` None means "the bound"."""

    requested_yuan: int | None = None
    description: str = ""

    def is_empty(self) -> bool:
        return self.requested_yuan is None and not self.description.strip()


@dataclass
class Application:
    """Per item id, the firm's requested amount and project description."""

    items: dict[str, ItemEntry] = field(default_factory=dict)

    # -- editing (the results page calls these) ------------------------------------------
    def entry(self, item_id: str) -> ItemEntry:
        """The entry for `item_id` (an empty one if the firm has entered nothing)."""
        return self.items.get(item_id) or ItemEntry()

    def set_requested(self, item_id: str, amount: Any, bound: int | None = None) -> int | None:
        """Store the requested amount for `item_id` and return what was stored.

        `amount` is whole yuan as a number (int, float, Decimal or a string of
        digits); a fraction of a yuan is rounded down. None or "" clears it (the
        item then asks for its bound). With `bound` given (the item's
        `max_amount_yuan`), an amount above it is lowered to it: the application
        never asks for more than the text allows. Raises ApplicationError for a
        negative amount or something that is not a number.
        """
        value = whole_yuan(item_id, amount)
        if value is not None and bound is not None:
            value = min(value, bound)
        self._put(item_id, requested_yuan=value)
        return value

    def set_description(self, item_id: str, text: str | None) -> str:
        """Store the 项目情况说明 for `item_id` (stripped; "" clears it, and so does the
        outline alone, its headings with nothing written after them); return it."""
        text = (text or "").strip()
        if text in (outline_text("zh"), outline_text("en")):
            text = ""
        if len(text) > MAX_DESCRIPTION:
            raise ApplicationError(item_id, f"项目情况说明过长（最多{MAX_DESCRIPTION}字）",
                                   f"the description is too long (at most {MAX_DESCRIPTION} "
                                   "characters)")
        self._put(item_id, description=text)
        return text

    def _put(self, item_id: str, **changes: Any) -> None:
        entry = self.entry(item_id)
        entry = ItemEntry(**{**entry.__dict__, **changes})
        if entry.is_empty():
            self.items.pop(item_id, None)
        else:
            self.items[item_id] = entry

    # -- the case file's JSON form ------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """`{"items": {item_id: {"requested_yuan": int|null, "description": str}}}`."""
        return {"items": {i: {"requested_yuan": e.requested_yuan, "description": e.description}
                          for i, e in sorted(self.items.items()) if not e.is_empty()}}

    @classmethod
    def from_json(cls, data: Any) -> Application:
        """Read the case file's `"application"` object (None or {} is an empty application).

        Raises ApplicationError naming the item for a malformed entry.
        """
        if not data:
            return cls()
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, dict):
            raise ApplicationError("application", "案例文件的 application 应含 items 对象",
                                   "the case file's application must hold an items object")
        app = cls()
        for item_id, raw in items.items():
            if not isinstance(raw, dict):
                raise ApplicationError(str(item_id), "申请信息应为对象",
                                       "an item's entry must be an object")
            app.set_requested(str(item_id), raw.get("requested_yuan"))
            description = raw.get("description") or ""
            if not isinstance(description, str):
                raise ApplicationError(str(item_id), "项目情况说明应为文字",
                                       "the description must be text")
            app.set_description(str(item_id), description)
        return app


def whole_yuan(item_id: str, amount: Any) -> int | None:
    """`amount` as whole yuan, rounded down; None for None or ""; ApplicationError if invalid."""
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        return None
    if isinstance(amount, bool):
        amount = "x"  # not a number, whatever Python says
    try:
        number = Decimal(str(amount).replace(",", "").strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ApplicationError(item_id, f"申请金额应为数字（元），而不是 {amount!r}",
                               f"the requested amount must be a number of yuan, not {amount!r}")
    if number < 0:
        raise ApplicationError(item_id, "申请金额不能为负数", "the requested amount must not be "
                               "negative")
    return math.floor(number)


@dataclass(frozen=True)
class ClaimRow:
    """One row of the 申报事项汇总表 (an item the firm can claim or may yet claim).

    - `bound_yuan`: the upper bound of the assessment (`max_amount_yuan`), None where the
      text gives none;
    - `requested_yuan`: what the firm asks for: its entry, else the bound; never above the
      bound; None where there is neither;
    - `capped`: the firm's entry was above the bound and was lowered to it;
    - `counted`: the row's requested amount is in `Claim.total_requested_yuan` (eligible,
      and `counted_in_total` in the report: the chosen item of its same-project group);
    - `chosen_instead`: for a row left out of the totals because of a same-project group
      (`counted_in_total` false), the item counted in its place;
    - `not_started`: an uncertain item the firm has not begun to answer (the report's
      `totals.not_started_items`); its amount is never summed;
    - `description`: the firm's 项目情况说明 ("" if none yet);
    - `for_subsidiary`: the item's money goes to another firm, which applies for it
      (dongcheng-07's newly cultivated firm, contract section 4): never in this applicant's
      totals;
    - `counted_open`: an uncertain row whose requested amount is in
      `Claim.uncertain_requested_yuan` (the open total, apart from the total);
    - `entered`: the firm gave the requested amount itself (else it is the bound);
    - `share_open`: the text publishes the bound but not the share (按…一定比例支持,
      不超过…): the bound is the base at 100 %, so without the firm's own amount the row
      asks for nothing (`requested_yuan` None) until the bureau names the share; a draft
      asked for the whole investment.
    """

    item_id: str
    verdict: str
    bound_yuan: int | None
    requested_yuan: int | None
    capped: bool
    counted: bool
    chosen_instead: str | None
    not_started: bool
    description: str
    for_subsidiary: bool = False
    counted_open: bool = False
    entered: bool = False
    share_open: bool = False


@dataclass(frozen=True)
class Claim:
    """The claim table: eligible rows, then uncertain ones, and totals that reconcile.

    `total_requested_yuan` == sum(row.requested_yuan for row in rows if row.counted);
    `total_bound_yuan` == the same sum over `bound_yuan` (the report's eligible total
    when the firm asks for every bound).
    `uncertain_requested_yuan` sums the requested amounts of uncertain rows the firm has
    begun (not `not_started`) that the report counts (`counted_in_total`): a separate
    figure, "if the open questions are settled", never added to the total.
    """

    rows: list[ClaimRow]
    total_requested_yuan: int
    total_bound_yuan: int
    uncertain_requested_yuan: int

    @property
    def eligible_rows(self) -> list[ClaimRow]:
        return [r for r in self.rows if r.verdict == ELIGIBLE]

    @property
    def uncertain_rows(self) -> list[ClaimRow]:
        return [r for r in self.rows if r.verdict == UNCERTAIN]


def counted_in_total(result: ItemResult, chosen: dict[str, str]) -> bool:
    """The report's `counted_in_total` (contract section 4).

    A report from before that field existed: every item counts except those its
    stacking notes name as not the best of their group (`chosen`).
    """
    value = getattr(result, "counted_in_total", None)
    return result.item_id not in chosen if value is None else bool(value)


def chosen_items(report: Report) -> dict[str, str]:
    """For each item of a same-project group that is not counted, the item that is."""
    chosen: dict[str, str] = {}
    for note in report.stacking:
        if note.best_item is None:
            continue
        for item_id in note.items:
            if item_id != note.best_item:
                chosen[item_id] = note.best_item
    return chosen


def has_claims(report: Report, not_started: set[str] | None = None) -> bool:
    """Whether the firm has anything to apply for: an eligible item, or an open one it has
    begun to answer (the draft application's claim table). With none, what it exports is a
    record of the self-check, not an application. An item whose money goes to another firm
    that applies for it (dongcheng-07's new firm) is not this firm's to apply for: a
    headquarters with only that signed a commitment to apply for nothing."""
    return any(not row.not_started and not row.for_subsidiary
               for row in claim(report, not_started=not_started).rows)


def blank_means(result: ItemResult, db: ClauseDB | None) -> str:
    """What the draft asks for where the firm left an item's amount blank, if not its
    bound: "open", nothing until the item is confirmed (a bound asked for read as a
    request for money the self-check could not confirm); "share", nothing until the bureau
    names the share the text leaves unpublished (the bound takes the base at 100 %: a
    draft asked for a firm's whole investment); "" the bound. The wizard's note under the
    amount and the draft's rows say the same."""
    if result.max_amount_yuan is None:
        return ""
    if result.verdict == UNCERTAIN:
        return "open"
    if db is None or result.item_id not in db.item_by_id:
        return ""
    return "share" if share_unpublished(item_as_assessed(db, result).formula) else ""


def claim(report: Report, application: Application | None = None,
          not_started: set[str] | None = None, db: ClauseDB | None = None) -> Claim:
    """The claim rows (eligible first, then uncertain, in the report's order) and totals.

    Ineligible items are not rows. Only eligible rows with `counted_in_total` count in
    `total_requested_yuan`, so the total is rebuilt from the rows marked `counted`.
    `not_started` defaults to the report's `totals.not_started_items`. With `db`, rows
    whose text leaves the share unpublished ask for nothing the firm has not typed
    (`share_open`).
    """
    application = application or Application()
    if not_started is None:
        not_started = set(getattr(report.totals, "not_started_items", None) or [])
    chosen = chosen_items(report)
    rows: list[ClaimRow] = []
    uncertain_sum = 0
    for verdict in (ELIGIBLE, UNCERTAIN):
        for r in report.results:
            if r.verdict != verdict:
                continue
            entry = application.entry(r.item_id)
            bound = r.max_amount_yuan
            share_open = entry.requested_yuan is None and blank_means(r, db) == "share"
            requested = entry.requested_yuan if entry.requested_yuan is not None else (
                None if share_open else bound)
            capped = requested is not None and bound is not None and requested > bound
            if capped:
                requested = bound
            for_subsidiary = getattr(r, "beneficiary", "applicant") == "new_subsidiary"
            in_total = counted_in_total(r, chosen)
            counted = in_total and r.verdict == ELIGIBLE and not for_subsidiary
            counted_open = (r.verdict == UNCERTAIN and in_total and not for_subsidiary
                            and r.item_id not in not_started and requested is not None)
            if counted_open:
                uncertain_sum += requested
            rows.append(ClaimRow(
                item_id=r.item_id, verdict=r.verdict, bound_yuan=bound,
                requested_yuan=requested, capped=capped, counted=counted,
                chosen_instead=None if in_total else chosen.get(r.item_id),
                not_started=r.item_id in not_started, description=entry.description,
                for_subsidiary=for_subsidiary, counted_open=counted_open,
                entered=entry.requested_yuan is not None, share_open=share_open))
    counted_eligible = [r for r in rows if r.verdict == ELIGIBLE and r.counted]
    return Claim(
        rows=rows,
        total_requested_yuan=sum(r.requested_yuan or 0 for r in counted_eligible),
        total_bound_yuan=sum(r.bound_yuan or 0 for r in counted_eligible),
        uncertain_requested_yuan=uncertain_sum,
    )
