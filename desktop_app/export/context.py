"""The document data every export format renders: one builder, pure Python, no Qt.

`build_context(report, db, profile, lang)` returns plain dicts, lists and strings
(every string cleaned of characters XML cannot hold), so the DOCX, PDF, HTML and
XLSX writers only lay it out.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from desktop_app.core.clausedb import ClauseDB, Fact
from desktop_app.core.report import ELIGIBLE, INELIGIBLE, MET, UNCERTAIN, ItemResult, Report

# XML 1.0 allows tab, newline, carriage return and U+0020 up; U+FFFE/U+FFFF and lone
# surrogates are never valid. Control characters in user text are dropped, not escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "政策申报自评清单",
        "colon": "：",
        "subtitle": "申报材料草稿（供企业自查，非申报表格）",
        "draft_mark": "草稿",
        "cover": "基本信息",
        "firm_name": "企业名称",
        "uscc": "统一社会信用代码",
        "district": "注册区",
        "year": "评估年度（数据所属年度）",
        "as_of": "导出日期（评估基准日）",
        "clause_db_version": "条款库版本",
        "policies": "所评政策",
        "policy": "政策",
        "status": "状态",
        "validity": "有效期",
        "bureau": "主管部门",
        "phone": "咨询电话",
        "interpretation": "解释",
        "warnings": "重要提示",
        "third_party": "谨防第三方代办",
        "summary": "自评结果一览",
        "item_id": "条款编号",
        "article": "条",
        "benefit": "支持内容",
        "verdict": "自评结论",
        "amount": "金额上限",
        "totals": "金额合计",
        "eligible_total": "可申请项目合计（同一项目不重复计算）",
        "uncertain_total": "待确认项目合计（同一项目不重复计算）",
        "unbounded": "金额未定的待确认项目",
        "amounts_note": "所有金额均为条款允许的上限，实际金额由主管部门审核确定。",
        "stacking": "不重复享受",
        "details": "逐条申报清单",
        "clause_text": "条款原文",
        "facts_used": "所用信息（企业填写）",
        "fact": "信息",
        "value": "填写内容",
        "computation": "金额计算",
        "conditions": "条件核对",
        "cond_status": "自评",
        "materials": "需准备的材料",
        "guidance": "（参考，条款未规定）",
        "ask_bureau": "需向主管部门确认的问题",
        "reasons": "自评说明",
        "stacking_notes": "不重复享受提示",
        "appendix": "附录：不符合的条款",
        "none": "无",
        "not_given": "未填写",
        "unpublished": "未公布",
        "needs_base": "未定（需补充基数）",
        "not_applicable": "—",
        "at_most": "不超过 {amount} 元",
        "yuan": "{amount} 元",
        "footer": "本清单由政策自评助手根据企业自行填写的信息生成，仅供参考；"
                  "是否给予支持及金额以主管部门审核为准。",
        "sheet_summary": "摘要",
        "sheet_items": "条款",
        "col_policy": "政策",
        "col_amount": "金额上限（元）",
        "col_missing": "待补充信息",
        "col_reasons": "理由",
        "col_ask": "需向主管部门确认",
        "col_amount_text": "金额说明",
    },
    "en": {
        "title": "Policy Application Self-Check",
        "colon": ": ",
        "subtitle": "Draft of an application checklist (for the firm's own use; not a form)",
        "draft_mark": "DRAFT",
        "cover": "Particulars",
        "firm_name": "Firm name",
        "uscc": "Unified social credit code",
        "district": "Registered district",
        "year": "Assessment year (year of the data)",
        "as_of": "Export date (assessed as of)",
        "clause_db_version": "Clause database version",
        "policies": "Policies assessed",
        "policy": "Policy",
        "status": "Status",
        "validity": "Validity",
        "bureau": "Bureau",
        "phone": "Phone",
        "interpretation": "Interpretation",
        "warnings": "Important",
        "third_party": "Beware of third parties",
        "summary": "Summary of results",
        "item_id": "Item",
        "article": "Article",
        "benefit": "Benefit",
        "verdict": "Verdict",
        "amount": "Upper bound",
        "totals": "Totals",
        "eligible_total": "Eligible items (one project counted once)",
        "uncertain_total": "Uncertain items (one project counted once)",
        "unbounded": "Uncertain items with no bound yet",
        "amounts_note": "Every amount is the upper bound the text allows; "
                        "the bureau sets the actual amount.",
        "stacking": "No double claiming",
        "details": "Item-by-item checklist",
        "clause_text": "Clause text (Chinese original)",
        "facts_used": "Facts used (as the firm stated them)",
        "fact": "Fact",
        "value": "Value",
        "computation": "Computation",
        "conditions": "Conditions",
        "cond_status": "Self-check",
        "materials": "Materials to prepare",
        "guidance": " (suggestion; the clause does not list it)",
        "ask_bureau": "Questions to ask the bureau",
        "reasons": "Notes",
        "stacking_notes": "No double claiming",
        "appendix": "Appendix: items not met",
        "none": "none",
        "not_given": "not given",
        "unpublished": "not published",
        "needs_base": "not yet known (give the base)",
        "not_applicable": "—",
        "at_most": "at most {amount} yuan",
        "yuan": "{amount} yuan",
        "footer": "Generated by Policy Self-Check from the firm's own answers, for reference "
                  "only; the bureau decides on any support and its amount.",
        "sheet_summary": "Summary",
        "sheet_items": "Items",
        "col_policy": "Policy",
        "col_amount": "Upper bound (yuan)",
        "col_missing": "Facts still needed",
        "col_reasons": "Reasons",
        "col_ask": "Ask the bureau",
        "col_amount_text": "Amount",
    },
}

MONEY_TYPES = {"money"}


def clean(text: Any) -> str:
    """A string safe for XML (DOCX, XLSX, HTML): control characters removed."""
    return _XML_INVALID.sub("", str(text))


def _clean_all(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _clean_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_all(v) for v in value]
    return value


def known_facts(profile: dict[str, Any], db: ClauseDB) -> dict[str, Any]:
    """The profile's facts, normalised by the core where it accepts them, else as given."""
    from desktop_app.core.facts import ProfileError, validate_profile

    raw = {k: v for k, v in (profile or {}).items() if v is not None}
    try:
        return {**raw, **validate_profile(profile or {}, db)}
    except (ProfileError, TypeError, ValueError):
        return raw


def format_value(fact: Fact | None, value: Any, lang: str, db: ClauseDB) -> str:
    lab = LABELS[lang]
    if value is None or value == "":
        return lab["not_given"]
    kind = fact.type if fact else None
    if isinstance(value, bool) or kind == "bool":
        return db.msg("value.true" if value else "value.false", lang)
    if kind == "enum" and fact is not None:
        return fact.option_label(str(value), lang)
    if kind in MONEY_TYPES and isinstance(value, int | float):
        return lab["yuan"].format(amount=f"{int(value):,}")
    if kind == "count" and isinstance(value, int | float):
        return f"{int(value):,}"
    return str(value)


def amount_text(result: ItemResult, db: ClauseDB, lang: str) -> str:
    """Every amount is an upper bound: "不超过 X 元", or why there is none."""
    lab = LABELS[lang]
    if result.verdict == INELIGIBLE:
        return lab["not_applicable"]
    if result.max_amount_yuan is not None:
        return lab["at_most"].format(amount=f"{result.max_amount_yuan:,}")
    formula = db.item_by_id[result.item_id].formula or {}
    if formula.get("kind") == "unpublished" or (formula.get("kind") == "cap_only"
                                                and not formula.get("caps")):
        return lab["unpublished"]
    return lab["needs_base"]


def _pick(obj: Any, name: str, lang: str) -> Any:
    return getattr(obj, f"{name}_en") if lang == "en" else getattr(obj, name)


def _policy_district(policy_id: str, db: ClauseDB, lang: str) -> str:
    """A policy named by its district (门头沟区, Dongcheng), for narrow table columns."""
    return db.fact("company.district").option_label(db.policies[policy_id].district, lang)


def build_context(report: Report, db: ClauseDB, profile: dict[str, Any],
                  lang: str = "zh") -> dict[str, Any]:
    """Everything the document shows, in reading order, for `lang` ("zh" or "en")."""
    if lang not in LABELS:
        lang = "zh"
    lab = LABELS[lang]
    facts = known_facts(profile, db)

    def fact_value(fid: str) -> str:
        return format_value(db.facts.get(fid), facts.get(fid), lang, db)

    cover_rows = [
        (lab["firm_name"], fact_value("company.name")),
        (lab["uscc"], fact_value("company.uscc")),
        (lab["district"], fact_value("company.district")),
        (lab["year"], fact_value("assessment.year")),
        (lab["as_of"], _date(report.as_of)),
        (lab["clause_db_version"], report.clause_db_version),
    ]

    policies = []
    third_party = []
    used = {r.policy: r.edition for r in report.results if r.edition}
    for p in db.policies.values():
        status, validity = _edition_status(p, used.get(p.policy_id), lang)
        policies.append({
            "policy_id": p.policy_id,
            "title": _pick(p, "title", lang),
            "status": status,
            "validity": validity,
            "bureau": _pick(p, "bureau", lang),
            "phone": p.phone or "",
            "phone_note": _paren(f"{lab['phone']} {p.phone}", lang) if p.phone else "",
            "interpretation": p.interpretation if lang == "zh" else "",
        })
        warning = _pick(p, "third_party_warning", lang)
        contact = _pick(p, "bureau", lang) + (f" {p.phone}" if p.phone else "")
        third_party.append({"policy": _pick(p, "title", lang), "contact": contact,
                            "contact_note": _paren(contact, lang),
                            "text": warning or db.msg("app.no_third_party", lang)})
    # The same general warning once, not once per policy.
    seen: set[str] = set()
    third_party = [t for t in third_party if not (t["text"] in seen or seen.add(t["text"]))]

    notes = list(report.notes_en if lang == "en" else report.notes)
    general = db.msg("app.no_third_party", lang)
    warnings = [n for n in notes if n != general]
    if not warnings:
        warnings = [f"{_pick(p, 'title', lang)}: {_pick(p, 'status', lang)}"
                    for p in db.policies.values() if p.status == "征求意见稿"]

    summary, details, appendix = [], [], []
    for r in report.results:
        item = db.item_by_id[r.item_id]
        verdict_label = db.msg("verdict." + r.verdict, lang)
        benefit = r.benefit_en if lang == "en" else r.benefit
        row = {
            "item_id": r.item_id,
            "policy": _policy_district(r.policy, db, lang),
            "policy_title": _pick(db.policies[r.policy], "title", lang),
            "article": r.article,
            "benefit": benefit,
            "verdict": r.verdict,
            "verdict_label": verdict_label,
            "amount": r.max_amount_yuan,  # 0 for ineligible, None where no bound is known
            "amount_text": amount_text(r, db, lang),
            "missing_facts": [db.fact(f).label(lang) if f in db.facts else f
                              for f in r.missing_facts],
            "reasons": list(r.reasons_en if lang == "en" else r.reasons),
            "ask_bureau": list(r.ask_bureau_en if lang == "en" else r.ask_bureau),
        }
        summary.append(row)
        if r.verdict == INELIGIBLE:
            # A DOCX table cell needs a paragraph: never an empty list.
            appendix.append({**row, "reasons": row["reasons"] or [lab["not_applicable"]]})
            continue
        met, stated = r.met_count()
        details.append({
            **row,
            "chapter": item.chapter,
            "clause_text": item.text,
            "clause_paragraphs": [p for p in item.text.splitlines() if p.strip()] or [item.text],
            # A DOCX table needs a row: never an empty list.
            "facts": [{"label": db.fact(f).label(lang) if f in db.facts else f,
                       "value": fact_value(f), "known": facts.get(f) is not None}
                      for f in item.facts]
            or [{"label": lab["none"], "value": "", "known": False}],
            "computation": r.computation_en if lang == "en" else r.computation,
            "criteria": [{
                "box": "☑" if c.status == MET else "☐",
                "text": c.text_en if lang == "en" else c.text,
                "status": c.status,
                "status_label": db.msg("status." + c.status, lang),
                "status_note": _paren(db.msg("status." + c.status, lang), lang),
            } for c in r.criteria],
            "met_count": (f"符合 {met} / {stated} 项可自评条件" if lang == "zh"
                          else f"meets {met} of {stated} conditions the firm can state"),
            "materials": [{"text": m.get("en" if lang == "en" else "zh", ""),
                           "guidance": bool(m.get("guidance")),
                           "note": lab["guidance"] if m.get("guidance") else ""}
                          for m in item.materials],
            "stacking_notes": list(r.stacking_notes_en if lang == "en" else r.stacking_notes),
        })

    t = report.totals
    by_id = {r.item_id: r for r in report.results}
    totals = {
        "eligible_total": t.eligible_total_yuan,
        "uncertain_total": t.uncertain_total_yuan,
        "eligible_text": lab["at_most"].format(amount=f"{t.eligible_total_yuan:,}"),
        "uncertain_text": lab["at_most"].format(amount=f"{t.uncertain_total_yuan:,}"),
        "unbounded": [f"{by_id[i].article} {i}" for i in t.unbounded_items if i in by_id],

        "counts": {v: sum(r.verdict == v for r in report.results)
                   for v in (ELIGIBLE, UNCERTAIN, INELIGIBLE)},
    }
    totals["unbounded_text"] = ("、" if lang == "zh" else ", ").join(totals["unbounded"])
    counts = totals["counts"]
    totals["counts_text"] = (
        f"可申请 {counts[ELIGIBLE]} 项，待确认 {counts[UNCERTAIN]} 项，"
        f"不符合 {counts[INELIGIBLE]} 项" if lang == "zh" else
        f"{counts[ELIGIBLE]} eligible, {counts[UNCERTAIN]} uncertain, "
        f"{counts[INELIGIBLE]} not eligible")

    ctx = {
        "lang": lang,
        "L": lab,
        "title": lab["title"],
        "subtitle": lab["subtitle"],
        "firm_name": fact_value("company.name") if facts.get("company.name") else "",
        "cover": [{"label": k, "value": v} for k, v in cover_rows],
        "as_of": _date(report.as_of),
        "clause_db_version": report.clause_db_version,
        "policies": policies,
        "warnings": warnings,
        "third_party": third_party,
        "summary": summary,
        "totals": totals,
        "stacking": [s.note_en if lang == "en" else s.note for s in report.stacking],
        "details": details,
        "appendix": appendix,
        "footer": lab["footer"],
    }
    return _clean_all(ctx)


def _paren(text: str, lang: str) -> str:
    if not text:
        return ""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _date(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _edition_status(p: Any, used: dict[str, Any] | None, lang: str) -> tuple[str, str]:
    """The status and validity of the policy edition the assessment used (core/editions.py),
    and, for a draft since replaced, by what."""
    from desktop_app.core.editions import edition_label, editions_of

    validity = p.validity_en if lang == "en" else p.validity_text
    if not used:
        return _pick(p, "status", lang), validity
    ed = next((e for e in editions_of(p) if e["id"] == used["id"]), {})
    validity = ed.get("validity_en" if lang == "en" else "validity_text") or validity
    return edition_label(used, lang) or _pick(p, "status", lang), validity
