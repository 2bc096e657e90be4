"""A generated clause base for the scale benchmark: N policies, M items (not shipped data).

    python benchmarks/gen_clause_base.py OUT_DIR [--policies 150] [--items 5000]

Writes a sources folder `python -m clause_db pack --sources OUT_DIR` accepts: the real
facts, glossary and messages; policy YAML files gen-001.yaml ...; their invented texts
under originals/; and rule cases under cases/, whose expected amounts are worked out
here by plain arithmetic (not by the engine). Every policy and text is synthetic.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "clause_db" / "sources"
DISTRICTS = ["dongcheng", "xicheng", "chaoyang", "fengtai", "shijingshan", "haidian",
             "mentougou", "fangshan", "tongzhou", "shunyi", "changping", "daxing", "huairou",
             "pinggu", "miyun", "yanqing"]
FLAGS = ["mentougou.quality_firm", "dongcheng.top100_listed", "dongcheng.beijing_benchmark",
         "ai.genai_model_filed", "dongcheng.first_time_above_scale", "company.is_sme",
         "company.is_digital_economy_core", "mentougou.key_tracking"]
BASES = [("ai.compute_cost_yuan", "算力费用"), ("data.transaction_yuan", "数据交易额"),
         ("invest.fixed_asset_yuan", "固定资产投资额"), ("cloud.zijin_contract_yuan", "合同总额"),
         ("events.hosting_cost_yuan", "活动实际费用")]
RATES = ["0.05", "0.10", "0.20", "0.30", "0.50"]


def _item(p: int, n: int, flag: str, kind: str) -> tuple[dict, str]:
    """One item and its verbatim text."""
    cap = 100000 * (1 + (p * 7 + n) % 40)
    cap_wan = cap // 10000
    condition = f"第{p}号措施第{n}项所称符合条件的企业"
    item = {"id": f"gen-{p:03d}-{n:02d}", "article": f"第{n}条", "chapter": f"第{p}号措施",
            "benefit": f"第{n}项支持，不超过{cap_wan}万元", "benefit_en": f"Support {n}",
            "criteria": [{"text": condition, "en": f"Qualifying firm {n}",
                          "test": {"fact": flag, "is": True}}]}
    if kind == "rate":
        base, label = BASES[(p + n) % len(BASES)]
        rate = RATES[(p * 3 + n) % len(RATES)]
        pct = int(round(float(rate) * 100))
        text = f"对{condition}，按照不超过{label}的{pct}%给予支持，最高不超过{cap_wan}万元。"
        item["criteria"].append({"text": label, "en": "Base incurred",
                                 "test": {"fact": base, "gt": 0}})
        item["formula"] = {"kind": "rate", "rate": rate, "base": [base],
                           "caps": [{"value": cap, "zh": f"最高不超过{cap_wan}万元",
                                     "en": f"at most {cap:,}"}],
                           "zh": f"{label} × {pct}%", "en": f"base × {pct}%"}
    else:
        text = f"对{condition}，一次性给予不超过{cap_wan}万元支持。"
        item["formula"] = {"kind": "cap_only", "caps": [
            {"value": cap, "zh": f"不超过{cap_wan}万元", "en": f"at most {cap:,}"}]}
    item["text"] = text
    return item, text


def _policy(p: int, n_items: int, start: int) -> tuple[dict, str]:
    district = DISTRICTS[p % len(DISTRICTS)]
    final = p % 3 != 0
    status = "正式稿" if final else "征求意见稿"
    doc = {"policy": {
        "id": f"gen-{p:03d}", "district": district, "source_file": f"gen-{p:03d}.txt",
        "title": f"生成的第{p}号测试措施（{status}）", "title_en": f"Generated measures {p}",
        "bureau": f"{district}区测试局", "bureau_en": "Test bureau", "status": status,
        "status_en": "issued" if final else "draft for comment",
        "valid_from": "2025-01-01" if final else None, "valid_until": "2027-12-31",
        "payout_until": None, "payout_note": None, "valid_years": None,
        "validity_text": "有效期至2027年12月31日", "validity_en": "Until 31 December 2027",
        "interpretation": "测试", "phone": None, "third_party_warning": None,
        "third_party_warning_en": None, "stacking_rule": None, "last_checked": "2026-11-20"},
        "common_criteria": [{"id": "district", "text": f"在{district}区注册的企业",
                             "en": f"Registered in {district}", "verbatim": False,
                             "test": {"fact": "company.district", "eq": district}}],
        "items": []}
    texts = [f"生成的第{p}号测试措施"]
    for n in range(1, n_items + 1):
        flag = FLAGS[(p + n) % len(FLAGS)]
        item, text = _item(p, n, flag, "rate" if (start + n) % 2 else "cap_only")
        doc["items"].append(item)
        texts.append(text)
    return doc, "\n".join(texts) + "\n"


def _expected(item: dict, profile: dict) -> tuple[str, int]:
    """The verdict and bound of a generated item, by arithmetic on the profile."""
    if profile.get(item["criteria"][0]["test"]["fact"]) is not True:
        return "ineligible", 0
    formula = item["formula"]
    cap = formula["caps"][0]["value"]
    if formula["kind"] == "cap_only":
        return "eligible", cap
    base = profile.get(formula["base"][0], 0)
    if not base:
        return "ineligible", 0
    whole, _, frac = formula["rate"].partition(".")
    return "eligible", min(base * int(whole + frac) // 10 ** len(frac), cap)


def _cases(docs: list[dict], every: int) -> dict:
    cases = []
    for doc in docs[::every]:
        district = doc["policy"]["district"]
        profile = {"company.district": district, "assessment.year": 2026,
                   **{f: True for f in FLAGS[::2]}, **{f: False for f in FLAGS[1::2]},
                   **{b: 1234567 * (i + 1) for i, (b, _) in enumerate(BASES)}}
        expect = {}
        for item in doc["items"]:
            verdict, amount = _expected(item, profile)
            expect[item["id"]] = {"verdict": verdict, "max_amount_yuan": amount}
        cases.append({"name": f"{doc['policy']['id']} firm", "profile": profile,
                      "expect": expect})
    return {"as_of": "2026-11-24", "cases": cases}


def generate(out: Path, n_policies: int = 150, n_items: int = 5000) -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "originals").mkdir(parents=True)
    (out / "cases").mkdir()
    for name in ("facts.yaml", "glossary.yaml", "messages.yaml"):
        shutil.copy(SOURCES / name, out / name)
    docs, start = [], 0
    for p in range(1, n_policies + 1):
        count = n_items // n_policies + (1 if p <= n_items % n_policies else 0)
        doc, text = _policy(p, count, start)
        start += count
        docs.append(doc)
        (out / "originals" / f"gen-{p:03d}.txt").write_text(text, encoding="utf-8")
        (out / f"gen-{p:03d}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / "cases" / "generated.yaml").write_text(
        yaml.safe_dump(_cases(docs, every=10), allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--policies", type=int, default=150)
    ap.add_argument("--items", type=int, default=5000)
    args = ap.parse_args()
    generate(args.out, args.policies, args.items)
    print(f"{args.items} items in {args.policies} policies: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
