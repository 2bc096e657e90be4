"""Two firms the case-library, roster and firms-view tests share."""

USCC_A = "91110109MA01ABCD1W"
USCC_B = "91110000600037341L"
FIRM_A = {"company.name": "北京示例智算科技有限公司", "company.uscc": USCC_A,
          "company.district": "mentougou", "company.is_info_software": True,
          "assessment.year": 2025, "mentougou.quality_firm": True,
          "ai.compute_cost_yuan": 2000000}
FIRM_B = {"company.name": "东城紫金云数据服务有限公司", "company.uscc": USCC_B,
          "company.district": "dongcheng", "company.is_sme": True, "assessment.year": 2025,
          "cloud.zijin_contract_yuan": 1000000}
