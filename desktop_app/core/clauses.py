"""The `clauses` listing: every item with its verbatim text."""

from __future__ import annotations

from typing import Any

from desktop_app.core.clausedb import ClauseDB


def clauses_json(db: ClauseDB) -> dict[str, Any]:
    items = []
    for item in db.items:
        policy = db.policies[item.policy_id]
        items.append({
            "item_id": item.item_id,
            "policy": item.policy_id,
            "article": item.article,
            "chapter": item.chapter,
            "text": item.text,
            "benefit": item.benefit,
            "benefit_en": item.benefit_en,
            "criteria": [{"text": c["text"], "text_en": c.get("en", ""),
                          "review": bool(c.get("review")),
                          "unpublished": "unpublished" in c} for c in item.criteria],
            "formula": item.formula,
            "materials": item.materials,
            "ask_bureau": item.ask_bureau,
            "facts": item.facts,
            "policy_title": policy.title,
            "last_checked": policy.last_checked,
        })
    return {"clause_db_version": db.version, "items": items}


def clauses_text(db: ClauseDB) -> str:
    lines = [f"条款库版本 {db.version}", ""]
    for policy in db.policies.values():
        lines += [policy.title,
                  f"  {policy.validity_text}；文本最近核对：{policy.last_checked}", ""]
        for item in (i for i in db.items if i.policy_id == policy.policy_id):
            lines.append(f"  {item.item_id}  {item.article}  {item.benefit}")
        lines.append("")
    return "\n".join(lines)
