"""Policy packs made at test time for the tests (keys included: never a real key)."""

from __future__ import annotations

import shutil
from pathlib import Path

from clause_db.packing import keygen, pack
from clause_db.sources import SOURCES

# A firm for which mentougou-03 pays 246,800 at 20% and 308,500 at 25%.
PROFILE = {
    "company.name": "北京示例智算科技有限公司",
    "company.district": "mentougou",
    "company.is_info_software": True,
    "assessment.year": 2025,
    "mentougou.quality_firm": True,
    "ai.compute_cost_yuan": 1234000,
}
RATE_CASE = """\
as_of: 2026-11-24
cases:
  - name: compute at the new rate
    profile:
      company.district: mentougou
      company.is_info_software: true
      assessment.year: 2025
      mentougou.quality_firm: true
      ai.compute_cost_yuan: 1234000
    expect:
      mentougou-03: {verdict: eligible, max_amount_yuan: %d}
"""


def make_packs(root: Path) -> dict:
    """Key pairs; a pack of today's sources (v1); one where mentougou-03 pays 25% (v2) with
    its own rule case; the same with a case that fails (v3); one signed by a stranger (v4)."""
    key, pub, fp = keygen(root / "test-signer")
    other_key, other_pub, _ = keygen(root / "stranger")
    base = root / "base.pspack"
    pack(base, key, pack_version=1)
    sources = root / "sources"
    shutil.copytree(SOURCES, sources)
    text = (sources / "mentougou.yaml").read_text(encoding="utf-8")
    old = ('rate: "0.20"\n      base: [ai.compute_cost_yuan]\n      zh: 企业实际发生算力费用 × 20%'
           '\n      en: compute cost actually incurred × 20%')
    assert old in text
    (sources / "mentougou.yaml").write_text(
        text.replace(old, old.replace("0.20", "0.25").replace("× 20%", "× 25%")),
        encoding="utf-8")
    (sources / "cases").mkdir()
    (sources / "cases" / "rate.yaml").write_text(RATE_CASE % 308500, encoding="utf-8")
    rate = root / "rate.pspack"
    pack(rate, key, sources=sources, pack_version=2)
    wrong_cases = root / "wrong-cases"
    wrong_cases.mkdir()
    (wrong_cases / "rate.yaml").write_text(RATE_CASE % 246800, encoding="utf-8")
    failing = root / "failing.pspack"
    pack(failing, key, sources=sources, cases=wrong_cases, pack_version=3, check_cases=False)
    stranger = root / "stranger.pspack"
    pack(stranger, other_key, pack_version=4)
    return {"root": root, "key": key, "pub": pub, "fp": fp, "base": base, "rate": rate,
            "failing": failing, "stranger": stranger, "other_pub": other_pub}
