"""The document data every export format renders: one builder, pure Python, no Qt.

`build_context(report, db, profile, lang, application, today)` returns plain dicts,
lists and strings (every string cleaned of characters XML cannot hold), so the
DOCX, PDF, HTML and XLSX writers only lay it out. The document is the draft of the
firm's application, in this order:

    下一步 (what to apply for, what is open, whom to ask, what blocks)
    申报单位信息 (the applicant; blanks are fill-in fields)
    申报事项汇总表 (claim rows with 申请金额, which rows count, a reconciled total)
    per item: clause, conditions as the firm confirms them, facts, computation,
              项目情况说明 (or an outline), materials, questions for the bureau
    材料清单 (combined, de-duplicated; requirement or guidance)
    信用承诺书 (a template) and 签章
    附录 (the self-check detail; the firm's own district's ineligible items)

Only policies of the firm's own district are in the body; each other one gets one
line. Words are attributed to a bureau only where its text holds them (the
third-party notice of the firm's own district, quoted); the tool's own notes are
labelled as the tool's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from desktop_app.core.amounts import share_unpublished
from desktop_app.core.application import (
    DESCRIPTION_OUTLINE,
    Application,
    ClaimRow,
    blank_means,
    claim,
)
from desktop_app.core.articles import article_label, item_label, join_articles
from desktop_app.core.clausedb import ClauseDB, Fact
from desktop_app.core.editions import (
    edition_status,
    item_as_assessed,
    read_as_draft,
    title_as_used,
)
from desktop_app.core.explain import superseded_text, value_text
from desktop_app.core.facts import APPLICANT_FACTS
from desktop_app.core.report import ItemResult, Report
from desktop_app.core.stacking import SAME_PROJECT, notes_by_article, open_better
from desktop_app.core.verdicts import (
    ELIGIBLE,
    INELIGIBLE,
    MET,
    REVIEW,
    UNCERTAIN,
    UNKNOWN,
    UNMET,
)

# XML 1.0 allows tab, newline, carriage return and U+0020 up; U+FFFE/U+FFFF and lone
# surrogates are never valid. Control characters in user text are dropped, not escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# The applicant block: contract sections 2 and 5, in the order a form asks them.
APPLICANT_BLOCK = ("company.name", "company.uscc", "company.district", *APPLICANT_FACTS)

# A negative-list condition is worded in its text as the barred situation. In the draft
# the firm *confirms* it is not in it, so it is shown in the confirming form.
NEGATIVE_CONFIRM = {
    "当年度发生重大生产安全事故、重大环境污染事故、严重产品质量问题、严重失信行为、偷税漏税被税务机关"
    "立案查处或被列入有关失信联合惩戒黑名单":
        "当年度未发生重大生产安全事故、重大环境污染事故、严重产品质量问题、严重失信行为，"
        "未因偷税漏税被税务机关立案查处，未被列入有关失信联合惩戒黑名单",
}
# Where each policy's negative list stands (cited once when it blocks the firm).
NEGATIVE_ARTICLE = {"dongcheng": "第四条（四）"}
OTHER_TITLES_SHOWN = 3  # another district's policies named by title; more are counted
# Articles of a policy that oblige the applicant to what the commitment says.
# 第四条（一）（四）: lawful operation, the barred situations; 第十六、十七条: truthful
# materials, checks and audits, recovery of funds.
COMMITMENT_BASIS = {"dongcheng": ["第四条", "第十六条", "第十七条"]}

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "政策支持资金申报材料（草稿）",
        "colon": "：",
        "sep": "、",
        # what the document is; what the firm is to do is in its own box (ns_format)
        "subtitle": "由政策自评助手根据企业填写的信息生成的申报草稿。",
        "draft_mark": "草稿",
        "record_mark": "自评结果",
        # nothing to apply for: a record of the self-check, with no commitment or seal
        "title_record": "政策自评结果（无可申请条款）",
        "subtitle_record": "由政策自评助手根据企业填写的信息生成。按所填信息，目前没有可申请的"
                           "条款，本文件不是申报材料；补充信息或情况变化后可重新自评。",
        "no_firm_name": "（企业名称未填写）",
        "page_of": "第{page}页 共{pages}页",
        "export_date": "导出日期",
        "as_of": "评估基准日",
        "year": "数据所属年度",
        "clause_db_version": "条款库版本",
        "next_steps": "下一步",
        # In an application, the box is the firm's own checklist before it sends the draft
        # (a clerk twice read its "待填写"/"咨询" lines as addressed to the bureau).
        "next_steps_applying": "报送前核对（企业自用，报送前请删去本框）",
        "ns_apply": "申请",
        "ns_subsidiary": "新设企业",
        "at_most_yuan": "不超过 {amount} 元",
        "ns_subsidiary_text": "{article}由本单位新涵养的企业作为申报单位另行申报"
                              "（金额上限：{bound}），不计入本单位申请金额。",
        "ns_open": "待确认",
        "ns_ask": "咨询",
        "ns_block": "不予支持",
        "ns_fill": "待填写",
        "ns_draft": "政策状态",
        "ns_format": "格式",
        # (every format: the workbook has no signature and its 提示 is not at the end)
        "ns_format_text": "报送前请逐项核对，并按主管部门申报通知要求的格式调整。本框、“提示”"
                          "和“附录”为企业自用，报送前请删去，其余各部分为报送内容。",
        "ns_not_started": "未开始",
        "ns_projects": "项目",
        "ns_projects_text": "本稿将同组条款按同一项目计、择优申请。{if_separate}"
                            "如属实，请在自评中说明后重新导出。",
        "ns_commitment": "承诺书",
        "ns_commitment_text": "文中信用承诺书为模板：如主管部门提供承诺书格式，请以其格式为准。",
        "ns_none_claim": "目前没有可申请的条款。",
        "ns_none_claim_self": "本单位自身目前没有可申请的条款"
                              "（{articles}由新涵养企业申报，见上）。",
        "ns_apply_text": "{n} 项：{articles}；申请金额合计 {total} 元"
                         "（汇总表中“计入”各行之和）。",
        "ns_apply_counted": "可申请 {n} 项（同一项目择优，计入 {counted} 项）：{articles}；"
                            "申请金额合计 {total} 元（汇总表中“计入”各行之和）。",
        "ns_fill_text": "申报单位信息尚缺：{fields}。",
        "ns_phone": "电话 {phone}",
        "ns_no_phone": "政策文本未载明咨询电话",
        "ns_no_policy": "申报单位注册于{district}，本工具所含的区级政策均不适用。",
        "ns_block_text": "{policy}措施{article}：企业填写当年度存在不予支持情形（{facts}），"
                         "{district}各项条款均不予支持。",
        "ns_more": "等 {n} 项",
        "ns_open_text": "{items}：尚需补充信息或向主管部门确认（见汇总表“自评结论”及各项说明）。",
        # (an application's item sections leave those to the appendix)
        "ns_open_text_applying": "{items}：尚需补充信息或向主管部门确认（见汇总表“自评结论”及"
                                 "附录“自评明细”）。",
        "applicant": "一、申报单位信息",
        "applicant_record": "一、企业信息",
        "district": "注册所在区",
        "fill_in": "（请填写）",
        "claims": "二、申报事项汇总表",
        "claims_record": "二、自评结论",
        "no": "序号",
        "policy": "政策",
        "article": "条款",
        "benefit": "支持内容",
        "formula": "计算方式",
        "cap_only": "定额上限",
        "bound": "金额上限（元）",
        "requested": "申请金额（元）",
        "in_total": "计入合计",
        "verdict": "自评结论",
        "counted": "计入",
        "not_counted_group": "不计入：同一项目择优，计入{article}",
        "not_requested": "不申请（同一项目择优申请{article}）",
        "not_counted_pending": "不计入（待确认）",
        "counted_open": "待确认，计入待确认合计",
        "not_counted_not_started": "不计入（尚未开始填写）",
        "not_counted_unbounded": "不计入（条款未公布上限）",
        "not_counted_alternative": "不计入：择一申请，计入{article}",
        "not_requested_alternative": "不申请（择一申请{article}）",
        "not_counted_subsidiary": "不计入：由新涵养企业另行申报",
        "new_subsidiary": "申请主体为新涵养企业（由其申报）",
        "not_started": "尚未填写该项信息",
        "not_started_line": "尚未开始填写、未列入上表的待确认条款：{items}。"
                            "如需申请，请在自评中补充相关信息。",
        "no_bound": "未公布",
        "needs_base": "未定（需补充基数）",
        "requested_capped": "（已按上限）",
        "requested_capped_note": "申请金额超过上限，已按上限计",
        # (it heads both totals, the bounds' and the amounts asked for: 申请金额合计 read as
        # if the bounds' figure beside it were a request too)
        "total_requested": "合计（“计入合计”为“计入”的各行之和）",
        "total_bound": "金额上限合计（计入合计的各行）",
        "if_separate": "如各同组条款属于不同项目，上限合计可为 {amount} 元"
                       "（须向主管部门说明项目不同）。",
        # (the firm already stated some groups to be separate projects: the rest)
        "if_separate_rest": "如其余同组条款也属于不同项目，上限合计可为 {amount} 元"
                            "（须向主管部门说明项目不同）。",
        "share_unpublished": "{articles}的条款只规定了最高金额，未公布支持比例：表中相应各项的"
                             "金额上限按比例最高为100%估算，是上限而非核定金额；实际比例和金额"
                             "以主管部门核定为准。",
        # (an amount the firm typed for such an item is its own, not the tool's estimate)
        "share_typed": "其中{articles}的申请金额为企业自填，请在项目情况说明中写明所依据的比例。",
        "counted_share": "仅计入金额上限合计",
        "validity_draft": "截止日期以内；本政策为征求意见稿，施行日期以正式印发文件为准",
        "total_requested_share": "合计（金额上限：标“计入”和“仅计入金额上限合计”的各行之和；"
                                 "申请金额：标“计入”的各行之和）",
        "ns_share": "其中{articles}的申请金额为企业自填，支持比例未公布（见汇总表下的说明）。",
        "ns_share_waiting": "其中{articles}的支持比例未公布，申请金额待向主管部门确认比例后填写，"
                            "未计入申请金额合计。",
        "self_stated": "{articles}的条款未公布金额上限：表中申请金额为企业自报，未经上限核对，"
                       "以主管部门审核为准。",
        "uncertain_sum": "待确认合计（标“待确认，计入待确认合计”的各行金额上限之和）："
                         "不超过 {amount} 元；须待确认事项全部确认方可申请，"
                         "不计入上述申请金额合计。",
        # (the firm typed a requested amount on an open row: that row counts with it)
        "uncertain_sum_entered": "待确认合计（标“待确认，计入待确认合计”的各行之和：已填申请金额的"
                                 "按申请金额，其余按金额上限）：不超过 {amount} 元；"
                                 "须待确认事项全部确认方可申请，不计入上述申请金额合计。",
        "when_confirmed": "确认后填写",
        "when_share_known": "确认比例后填写",
        "no_claims": "目前没有可申请或待确认的条款。",
        "amounts_note": "表中金额均为条款允许的上限以内；"
                        "是否给予支持及实际金额以主管部门审核为准。",
        "amounts_note_except": "除下述未公布上限的条款外，表中金额均为条款允许的上限以内；"
                               "是否给予支持及实际金额以主管部门审核为准。",
        "other_districts": "其他区政策",
        "n_policies": "共 {n} 项政策",
        "not_registered": "未在{district}注册，{district}条款不适用（{title}）。",
        "not_registered_except": "其中{articles}不以申报单位注册地为条件"
                                 "（由申报单位在该区新设的企业申报），如涉及请在自评中填写相关信息。",
        "items_title": "三、逐项申报说明",
        "clause_text": "条款原文",
        "source": "出处",
        "conditions": "申报条件（企业确认）",
        "common_title": "申报单位基本条件（{policy}各申报事项共同）",
        "shared_head": "{policy}各申报事项共同的说明",
        "shared_more": "另有各申报事项共同的 {n} 项说明，见上。",
        "common_line": "申报单位基本条件",
        "common_note": "（{status}，见前文“申报单位基本条件”）",
        "facts_used": "所用信息（企业填写）",
        "fact": "信息",
        "value": "填写内容",
        "computation": "金额计算",
        "requested_line": "申请金额：{requested}（金额上限：{bound}）",
        "description": "项目情况说明",
        "outline_note": "（请企业填写，建议包括以下内容）",
        "materials": "需准备的材料",
        "ask_bureau": "需向主管部门确认的问题",
        "ask_mark": "？",  # each question's mark (no full-width "？" in the English draft)
        "open_facts": "尚需补充的信息",
        "stacking_notes": "不重复享受",
        "materials_all": "四、材料清单",
        "kind": "依据",
        "requirement": "条款要求",
        "guidance": "建议准备 · 条款未规定",
        "for_items": "对应条款",
        "material": "材料",
        "commitment": "五、信用承诺书",
        "commitment_to": "致：{bureaus}",
        # two lines: "受理部门：门/头沟区…" broke the bureau's name at the line's end
        "basis_line": "申报依据：{titles}",
        "bureau_line": "受理部门：{bureaus}",
        "commitment_basis": "承诺依据：{basis}。",
        "commitment_blocked": "申报单位填写当年度存在不予支持情形，信用承诺书未列入“当年度未发生……”"
                              "一项承诺；见“下一步”。",
        "signature": "六、签章",
        "seal": "申报单位（盖章）：",
        "legal_sign": "法定代表人（签字）：",
        "date_line": "日期：________年____月____日",
        "sign_blank": "________________________",
        "notices": "提示",
        "notices_applying": "提示（企业自用，报送前请删去）",
        "ns_better": "择优",
        "ns_better_text": "{item}尚待确认；如确认符合，上限更高（不超过 {amount} 元），"
                          "同一项目可改为申请{item}（本稿所申请的一项不超过 {chosen} 元）。",
        # an application's words on no double claiming: the text's rule, then the firm's
        "stack_rule": "本措施规定：“{rule}”",
        "stack_one": "本单位将{items}按同一项目，申请其中{chosen}。",
        "stack_one_open": "如{items}属同一项目，本单位只申请其中一项。",
        "stack_separate": "本单位说明：{items}分别涉及不同项目，分别申请。",
        "stack_alt": "本单位择一申请{chosen}。",
        "bureau_says": "{bureau}在政策文本中提示：",
        "tool_says": "本工具说明：",
        "appendix": "附录：自评明细",
        "appendix_applying": "附录：自评明细（企业自用，报送前请删去）",
        "ask_line": "需向主管部门确认：{question}",
        "appendix_items": "各申报事项的自评说明",
        "appendix_ineligible": "{district}不符合的条款",
        "common_reason": "以下各项共同原因：{reason}",
        "reasons": "自评说明",
        "none": "无",
        "not_given": "未填写",
        "yuan": "{amount} 元",
        "at_most": "不超过 {amount} 元",
        "footer": "本材料由政策自评助手根据企业自行填写的信息生成，仅供参考；"
                  "是否给予支持及金额以主管部门审核为准。",
        "sheet_summary": "申报汇总",
        "sheet_summary_record": "自评结果",
        "sheet_items": "条款明细",
        "sheet_materials": "材料清单",
        "sheet_clauses": "条款原文",
        "sheet_appendix": "自评明细",
        "col_field": "栏目",
        "col_content": "内容",
        "col_amount": "申请金额",
        "xlsx_commitment": "信用承诺书及签章见同时导出的 Word/PDF 草稿；本表格只列申报内容与金额。",
        "col_policy": "政策",
        "col_missing": "待补充信息",
        "col_reasons": "自评说明",
        "col_ask": "需向主管部门确认",
        "col_clause": "条款原文",
        "col_materials": "需准备的材料",
        "yes": "是",
        "no_": "否",
    },
    "en": {
        "title": "Application for policy support (draft)",
        "colon": ": ",
        "sep": ", ",
        "subtitle": "A draft application generated by Policy Self-Check from the firm's own "
                    "answers.",
        "draft_mark": "DRAFT",
        "record_mark": "SELF-CHECK RESULT",
        "title_record": "Policy self-check result (nothing to apply for)",
        "subtitle_record": "Generated by Policy Self-Check from the firm's own answers. On "
                           "these answers no clause can be claimed yet, so this is not an "
                           "application; check again with more answers or when things change.",
        "no_firm_name": "(firm name not given)",
        "page_of": "page {page} of {pages}",
        "export_date": "Export date",
        "as_of": "Assessed as of",
        "year": "Year of the data",
        "clause_db_version": "Clause database version",
        "next_steps": "Next steps",
        "next_steps_applying": "Before sending (for the firm; remove this box when sending)",
        "ns_apply": "Apply",
        "ns_subsidiary": "New firm",
        "at_most_yuan": "at most {amount} yuan",
        "ns_subsidiary_text": "{article} is claimed by the new firm this applicant founded, as "
                              "its own application (bound: {bound}); not in this applicant's "
                              "total.",
        "ns_open": "Open",
        "ns_ask": "Ask",
        "ns_block": "Barred",
        "ns_fill": "To fill in",
        "ns_draft": "Policy status",
        "ns_format": "Format",
        "ns_format_text": "Check every entry before submitting and follow the format of the "
                          "bureau's call for applications. This box, the notices and the "
                          "appendix are the firm's own: remove them first; the rest is what "
                          "is sent.",
        "ns_not_started": "Not begun",
        "ns_projects": "Projects",
        "ns_projects_text": "This draft counts each group's items as one project, claiming the "
                            "best. {if_separate} If so, say it in the self-check and export "
                            "again.",
        "ns_commitment": "Commitment",
        "ns_commitment_text": "The commitment below is a template: where the bureau provides "
                              "its own form, use that.",
        "ns_none_claim": "No item can be claimed yet.",
        "ns_none_claim_self": "Nothing for this firm itself to apply for yet ({articles}: the "
                              "new firm applies, see above).",
        "ns_apply_text": "{items}: {articles}; requested in total {total} yuan "
                         "(the rows of the table marked \"counted\").",
        "ns_apply_counted": "{items} open to the firm ({counted} counted, one per "
                            "project): {articles}; requested in total {total} yuan (the rows "
                            "of the table marked \"counted\").",
        "ns_fill_text": "The applicant block still lacks: {fields}.",
        "ns_phone": "phone {phone}",
        "ns_no_phone": "the text gives no phone number",
        "ns_no_policy": "The firm is registered in {district}; none of the district "
                        "measures in this tool applies.",
        "ns_block_text": "{policy} measures, Art. 4 (4): the firm stated a barred situation "
                         "this year "
                         "({facts}), so no {district} item is supported.",
        "ns_more": "{n} in all",
        "ns_open_text": "{items}: facts still to give or questions for the bureau (see the "
                        "table and each item).",
        "ns_open_text_applying": "{items}: facts still to give or questions for the bureau "
                                 "(see the table and the appendix).",
        "applicant": "1. The applicant",
        "applicant_record": "1. The firm",
        "district": "Registered district",
        "fill_in": "(to fill in)",
        "claims": "2. Items claimed",
        "claims_record": "2. Outcome",
        "no": "No.",
        "policy": "Policy",
        "article": "Article",
        "benefit": "Benefit",
        "formula": "Formula",
        "cap_only": "fixed cap",
        "bound": "Upper bound (yuan)",
        "requested": "Requested (yuan)",
        "in_total": "In total",
        "verdict": "Self-check",
        "counted": "counted",
        "not_counted_group": "not counted: one project, {article} chosen",
        "not_requested": "not requested (one project: {article} is claimed)",
        "not_counted_pending": "not counted (open)",
        "counted_open": "open: in the open total",
        "not_counted_not_started": "not counted (not begun)",
        "not_counted_unbounded": "not counted (no published bound)",
        "not_counted_alternative": "not counted: one of two ways, {article} chosen",
        "not_requested_alternative": "not requested (one of two ways: {article} is claimed)",
        "not_counted_subsidiary": "not counted: the new subsidiary applies for it",
        "new_subsidiary": "the newly cultivated firm is the applicant",
        "not_started": "not yet answered",
        "not_started_line": "Open items not yet begun, left out of the table: {items}. "
                            "To claim one, answer its questions in the self-check.",
        "no_bound": "not published",
        "needs_base": "not yet known (give the base)",
        "requested_capped": " (lowered to the bound)",
        "requested_capped_note": "The amount asked for was above the bound and was lowered "
                                 "to it",
        "total_requested": "Total (the rows marked \"counted\")",
        "total_bound": "Upper bounds in total (the rows counted)",
        "if_separate": "If the grouped items are separate projects, the bounds add up to "
                       "{amount} yuan (tell the bureau the projects differ).",
        "if_separate_rest": "If the other grouped items are separate projects too, the bounds "
                            "add up to {amount} yuan (tell the bureau the projects differ).",
        "share_unpublished": "For {articles} the text sets only a maximum and publishes no "
                             "share: the table estimates the upper bound at a share of at "
                             "most 100%, an upper bound, not an amount granted; the bureau "
                             "sets the share and the amount.",
        "share_typed": "Of these, the amount asked for {articles} is the firm's own figure: "
                       "give the share it rests on in the project description.",
        "counted_share": "in the bounds' total only",
        "validity_draft": "before the end date; the policy is a draft for comment and takes "
                          "effect as the issued text says",
        "total_requested_share": "Total (bounds: the rows marked \"counted\" and \"in the "
                                 "bounds' total only\"; requested: the rows marked "
                                 "\"counted\")",
        "self_stated": "For {articles} the text publishes no bound: the amount requested is the "
                       "firm's own figure, checked against no bound; the bureau decides.",
        "ns_share": " Of these, the amount asked for {articles} is the firm's own figure; "
                    "the text does not publish the share (see the note under the table).",
        "ns_share_waiting": " For {articles} the text does not publish the share: the amount "
                            "is to be filled in once the bureau names it, and is not in the "
                            "total requested.",
        "uncertain_sum": "Open total (the upper bounds of the rows marked \"open: in the open "
                         "total\"): at most {amount} yuan, claimable only once the open items "
                         "are confirmed; not in the total requested above.",
        "uncertain_sum_entered": "Open total (the rows marked \"open: in the open total\": the "
                                 "amount requested where the firm gave one, else the upper "
                                 "bound): at most {amount} yuan, claimable only once the open "
                                 "items are confirmed; not in the total requested above.",
        "when_confirmed": "to fill in once confirmed",
        "when_share_known": "to fill in once the share is known",
        "no_claims": "No item can be claimed or is still open.",
        "amounts_note": "Every amount is within the upper bound the text allows; the bureau "
                        "decides on any support and its amount.",
        "amounts_note_except": "Except for the items below whose text publishes no bound, "
                               "every amount is within the upper bound the text allows; the "
                               "bureau decides on any support and its amount.",
        "other_districts": "Other districts' measures",
        "n_policies": "{n} measures",
        "not_registered": "Not registered in {district}; the {district} clauses do not "
                          "apply ({title}).",
        "not_registered_except": " Except {articles}, which does not depend on where the "
                                 "firm is registered (the new firm it founds applies): "
                                 "answer its questions in the self-check if it applies.",
        "items_title": "3. Item by item",
        "clause_text": "Clause text (Chinese original)",
        "source": "Source",
        "conditions": "Conditions (as the firm confirms them)",
        "common_title": "Conditions on the applicant (shared by every {policy} item)",
        "shared_head": "Notes shared by every {policy} item",
        "shared_more": "Notes shared by every item ({n}): see above.",
        "common_line": "The conditions on the applicant",
        "common_note": " ({status}; see \"Conditions on the applicant\" above)",
        "facts_used": "Facts used (as the firm stated them)",
        "fact": "Fact",
        "value": "Value",
        "computation": "Computation",
        "requested_line": "Requested: {requested} (upper bound: {bound})",
        "description": "Project description",
        "outline_note": "(for the firm to write; suggested contents)",
        "materials": "Materials to prepare",
        "ask_bureau": "Questions to ask the bureau",
        "ask_mark": "?",
        "open_facts": "Facts still needed",
        "stacking_notes": "No double claiming",
        "materials_all": "4. Materials",
        "kind": "Basis",
        "requirement": "required by the text",
        "guidance": "suggested; the text does not list it",
        "for_items": "For",
        "material": "Material",
        "commitment": "5. Commitment",
        "commitment_to": "To: {bureaus}",
        "basis_line": "Applying under: {titles}",
        "bureau_line": "To: {bureaus}",
        "commitment_basis": "Basis: {basis}.",
        "commitment_blocked": "The firm stated a barred situation this year, so the "
                              "commitment leaves out the undertaking that it had none; see "
                              "Next steps.",
        "signature": "6. Signature and seal",
        "seal": "Applicant (seal):",
        "legal_sign": "Legal representative (signature):",
        "date_line": "Date: ________ (year) ____ (month) ____ (day)",
        "sign_blank": "________________________",
        "notices": "Notices",
        "notices_applying": "Notices (for the firm; remove when sending)",
        "ns_better": "Better",
        "ns_better_text": "{item} is still open; if confirmed, its bound is higher (at most "
                          "{amount} yuan) and the project may claim {item} instead (the item "
                          "this draft claims: at most {chosen} yuan).",
        "stack_rule": "The measures provide (Chinese original): “{rule}” (one project that "
                      "meets several items is supported once, by the most favourable). ",
        "stack_one": "The applicant treats {items} as one project and applies for {chosen}.",
        "stack_one_open": "If {items} concern one project, the applicant applies for one of "
                          "them only.",
        "stack_separate": "The applicant states that {items} concern separate projects, each "
                          "applied for.",
        "stack_alt": "The applicant applies for {chosen}, one of the two ways.",
        "bureau_says": "{bureau}, in the policy text (translation): ",
        "tool_says": "About this tool:",
        "appendix": "Appendix: self-check detail",
        "appendix_applying": "Appendix: self-check detail (for the firm; remove when sending)",
        "ask_line": "To ask the bureau: {question}",
        "appendix_items": "Self-check notes for each item",
        "appendix_ineligible": "{district} items not met",
        "common_reason": "Common to the items below: {reason}",
        "reasons": "Notes",
        "none": "none",
        "not_given": "not given",
        "yuan": "{amount} yuan",
        "at_most": "at most {amount} yuan",
        "footer": "Generated by Policy Self-Check from the firm's own answers, for reference "
                  "only; the bureau decides on any support and its amount.",
        "sheet_summary": "Claim",
        "sheet_summary_record": "Result",
        "sheet_items": "Items",
        "sheet_materials": "Materials",
        "sheet_clauses": "Clause texts",
        "sheet_appendix": "Self-check notes",
        "col_field": "Heading",
        "col_content": "Content",
        "col_amount": "Amount",
        "xlsx_commitment": "The credit commitment and the signature are in the Word/PDF draft; "
                           "this workbook lists the claim and its amounts only.",
        "col_policy": "Policy",
        "col_missing": "Facts still needed",
        "col_reasons": "Notes",
        "col_ask": "Ask the bureau",
        "col_clause": "Clause text",
        "col_materials": "Materials to prepare",
        "yes": "yes",
        "no_": "no",
    },
}

COMMITMENT = {
    "zh": [
        "本单位自愿申报上述政策支持资金，郑重承诺：",
        "本单位依法经营，所提交的申报材料及所填写的信息真实、准确、完整，不存在虚报、瞒报、"
        "伪造等情形，并对其真实性负责。",
        "本单位当年度未发生重大生产安全事故、重大环境污染事故、严重产品质量问题、严重失信行为，"
        "未因偷税漏税被税务机关立案查处，未被列入有关失信联合惩戒黑名单。",
        "同一项目不重复申报、不重复享受支持。",
        "本单位自愿接受主管部门及相关部门的监督检查、绩效评价和审计，按规定使用资金；"
        "如有虚报、骗取、挪用等行为，或不配合监督检查，同意主管部门收回已拨付资金，"
        "并依法承担相应责任。",
    ],
    "en": [
        "We apply for the support named above of our own accord and undertake:",
        "We operate lawfully; the materials we submit and the facts we state are true, "
        "accurate and complete, nothing is overstated, withheld or forged, and we answer for "
        "their truth.",
        "This year we had no major safety accident, major pollution accident, serious "
        "quality problem or serious dishonesty, no tax evasion case filed by the tax "
        "authority, and we are not on a joint-punishment blacklist.",
        "We do not claim one project twice or receive support for it twice.",
        "We accept the checks, performance evaluation and audits of the bureau and other "
        "authorities and use the funds as required; should we overstate, obtain by deceit or "
        "misuse funds, or fail to cooperate with checks, we agree that the bureau recovers the "
        "funds paid and we bear the legal consequences.",
    ],
}


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
    if kind == "money" and isinstance(value, int | float):
        return lab["yuan"].format(amount=f"{int(value):,}")
    if kind == "count" and isinstance(value, int | float):
        return f"{int(value):,}"
    return str(value)


def bound_text(result: ItemResult, db: ClauseDB, lang: str) -> str:
    """The bound as a table cell: "400,000", or why there is none."""
    lab = LABELS[lang]
    if result.verdict == INELIGIBLE:
        return "—"
    if result.max_amount_yuan is not None:
        return f"{result.max_amount_yuan:,}"
    formula = item_as_assessed(db, result).formula or {}
    if formula.get("kind") == "unpublished" or (formula.get("kind") == "cap_only"
                                                and not formula.get("caps")):
        return lab["no_bound"]
    return lab["needs_base"]


def amount_text(result: ItemResult, db: ClauseDB, lang: str) -> str:
    """Every amount is an upper bound: "不超过 X 元", or why there is none."""
    if result.verdict != INELIGIBLE and result.max_amount_yuan is not None:
        return LABELS[lang]["at_most"].format(amount=f"{result.max_amount_yuan:,}")
    return bound_text(result, db, lang)


def _pick(obj: Any, name: str, lang: str) -> Any:
    return getattr(obj, f"{name}_en") if lang == "en" else getattr(obj, name)


def _district_name(district: str | None, db: ClauseDB, lang: str) -> str:
    return db.fact("company.district").option_label(district or "", lang)


def split_common(item: Any, result: ItemResult) -> tuple[list[Any], list[Any]]:
    """An item's judged conditions: its own (with the validity the engine adds), and those
    its policy sets for every item (common_criteria: the district, Dongcheng 第四条)."""
    common = {c["text"] for c in item.criteria if c.get("common")}
    return ([c for c in result.criteria if c.text not in common],
            [c for c in result.criteria if c.text in common])


def _common_line(shared: list[Any], db: ClauseDB, lang: str) -> dict[str, str]:
    """One line for the policy-wide conditions, as the worst of them stands (a review point
    is the bureau's, shown in the list itself)."""
    statuses = {c.status for c in shared}
    status = UNMET if UNMET in statuses else (UNKNOWN if UNKNOWN in statuses else MET)
    box = {MET: "☑", UNMET: "☒"}.get(status, "☐")
    lab = LABELS[lang]
    return {"box": box, "text": lab["common_line"], "status": status,
            "status_label": db.msg("status." + status, lang),
            "status_note": lab["common_note"].format(status=db.msg("status." + status, lang))}


def _common_conditions(items: list[dict[str, Any]], by_id: dict[str, ItemResult],
                       db: ClauseDB, lang: str, facts: dict[str, Any],
                       fact_value: Any) -> list[dict[str, Any]]:
    """Per policy with items in the draft, its policy-wide conditions as judged, and the
    answers they read, once (the items each say so in one line)."""
    out, done = [], set()
    for d in items:
        r = by_id[d["item_id"]]
        if r.policy in done:
            continue
        item = item_as_assessed(db, r)
        _own, shared = split_common(item, r)
        if not shared:
            continue
        done.add(r.policy)
        negatives = {c["text"] for c in item.criteria if c.get("negative")}
        used = [f for f in dict.fromkeys(f for c in shared for f in c.facts)
                if f != "company.district"]
        out.append({
            "title": LABELS[lang]["common_title"].format(policy=db.policy_label(r.policy, lang)),
            "conditions": [_criterion_line(c, c.text in negatives, db, lang, facts)
                           for c in shared],
            "facts": [{"label": db.fact(f).label(lang) if f in db.facts else f,
                       "value": fact_value(f), "known": facts.get(f) is not None}
                      for f in used],
        })
    return out


def _criterion_line(crit: Any, negative: bool, db: ClauseDB, lang: str,
                    facts: dict[str, Any] | None = None) -> dict[str, str]:
    text = crit.text_en if lang == "en" else crit.text
    if negative and lang == "zh":
        text = NEGATIVE_CONFIRM.get(crit.text, "不存在以下情形：" + crit.text)
    box = {MET: "☑", UNMET: "☒", REVIEW: "○"}.get(crit.status, "☐")
    label = db.msg("status." + crit.status, lang)
    # A condition the firm meets or misses by an amount or a number says it: "☑ 数据交易额
    # （符合：5,000,000 元）" (a tick beside the clause's words alone read as machine-made)
    shown = [format_value(db.facts.get(f), (facts or {}).get(f), lang, db) for f in crit.facts
             if f in db.facts and db.facts[f].type in ("money", "count")
             and (facts or {}).get(f) is not None] if crit.status in (MET, UNMET) else []
    said = (label + LABELS[lang]["colon"] + LABELS[lang]["sep"].join(shown)) if shown else label
    return {"box": box, "text": text, "status": crit.status, "status_label": label,
            "status_note": f"（{said}）" if lang == "zh" else f" ({said})"}


def _draft_validity(line: dict[str, str], r: ItemResult, db: ClauseDB,
                    lang: str) -> dict[str, str]:
    """The validity condition of a draft not yet issued (自印发之日起施行): ticked 符合
    alone, it told a clerk the measures were in force (a clerk's reading); it is met only
    as far as the date goes, the start is the issued text's."""
    policy = db.policies[r.policy]
    prefix = db.msg("criterion.validity", lang, validity="")
    if (line["status"] == MET and read_as_draft(policy, r.edition) and not policy.valid_from
            and line["text"].startswith(prefix)):
        note = LABELS[lang]["validity_draft"]
        return {**line, "status_note": f"（{note}）" if lang == "zh" else f" ({note})"}
    return line


def build_context(report: Report, db: ClauseDB, profile: dict[str, Any],
                  lang: str = "zh", application: Application | None = None,
                  today: date | None = None) -> dict[str, Any]:
    """Everything the document shows, in reading order, for `lang` ("zh" or "en")."""
    if lang not in LABELS:
        lang = "zh"
    lab = LABELS[lang]
    sep = lab["sep"]
    facts = known_facts(profile, db)
    application = application or Application()
    today = today or date.today()
    by_id = {r.item_id: r for r in report.results}

    def fact_value(fid: str) -> str:
        return format_value(db.facts.get(fid), facts.get(fid), lang, db)

    shared: set[str] = set()  # own policies with another own policy of their district

    def article(item_id: str) -> str:
        return articles([item_id])

    def articles(item_ids: list[str]) -> str:
        # as the text numbers them ("(3)", "Art. 5" in English); the items of one article
        # told apart (第五条-1, 第五条-2); where two of the firm's policies share a district
        # (a pack's), whose articles "(3)" would not tell apart, each policy named once
        # before its own
        groups: dict[str | None, list[str]] = {}
        for item_id in item_ids:
            r = by_id[item_id]
            groups.setdefault(r.policy if r.policy in shared else None, []).append(
                item_label(r.article, item_id, lang))
        return ("；" if lang == "zh" else "; ").join(
            (db.policy_label(key, lang) if key else "") + sep.join(labels)
            for key, labels in groups.items())

    district = facts.get("company.district")
    # The body holds the policies of the firm's own district, and any other policy with an
    # item the firm may still claim (dongcheng-07: a headquarters elsewhere founds a new
    # Dongcheng firm, which applies).
    registered = {p.policy_id for p in db.policies.values()
                  if not district or p.district == district}
    not_started = _not_started(report, db, facts)
    own = [p for p in db.policies.values() if p.policy_id in registered
           or any(r.policy == p.policy_id and r.verdict != INELIGIBLE
                  and r.item_id not in not_started for r in report.results)]
    own_ids = {p.policy_id for p in own}
    shared.update(p.policy_id for p in own
                  if sum(q.district == p.district for q in own) > 1)
    # status and validity from the edition of each policy the assessment used (packs)
    used = {r.policy: r.edition for r in report.results if r.edition}
    drafts = {p.policy_id for p in own if read_as_draft(p, used.get(p.policy_id))}
    others: dict[str, list[Any]] = {}  # by district, in the order of the base
    for p in db.policies.values():
        if p.policy_id not in own_ids:
            others.setdefault(p.district, []).append(p)
    other_lines = [_other_district_line(ps, report, db, lang, article)
                   for ps in others.values()]

    # -- the applicant -----------------------------------------------------------------------
    applicant = [{"label": db.fact(fid).label(lang) if fid != "company.district"
                  else lab["district"],
                  "value": fact_value(fid) if facts.get(fid) not in (None, "") else "",
                  "blank": facts.get(fid) in (None, "")}
                 for fid in APPLICANT_BLOCK]
    firm_name = str(facts.get("company.name") or "").strip()

    # -- the claim table ----------------------------------------------------------------------
    result_claim = claim(report, application, not_started, db=db)
    # The table holds what the firm can claim and the open items it has begun; items it
    # has not begun are one line below the table.
    claim_rows = [row for row in result_claim.rows
                  if by_id[row.item_id].policy in own_ids and not row.not_started]
    not_started_line = articles([r.item_id for r in report.results
                                 if r.item_id in not_started and r.policy in own_ids])
    rows = []
    in_a_total = {row.item_id for row in claim_rows if row.counted or row.counted_open}
    for n, row in enumerate(claim_rows, 1):
        r = by_id[row.item_id]
        item = item_as_assessed(db, r)
        if (row.verdict == UNCERTAIN and row.chosen_instead is None
                and row.item_id not in in_a_total):
            # An open item of a group whose open best is counted instead (the report's
            # notes name a group's choice only once one of its items is eligible).
            mate = next((i for g in db.stacking if row.item_id in g.items
                         for i in g.items if i in in_a_total), None)
            row = replace(row, chosen_instead=mate)
        rows.append(_claim_row(n, row, r, item, db, lang, article))
    counted = [r for r in rows if r["counted"]]
    self_stated = [r["item_id"] for r in rows if r["bound"] is None and r["requested"] is not None]
    total_requested = sum(r["requested"] or 0 for r in counted)
    total_bound = sum(r["bound"] or 0 for r in counted)
    if_separate = getattr(report.totals, "eligible_total_if_separate_yuan", None)
    if if_separate is not None:  # the new firm's items are its own, not this applicant's
        if_separate -= sum(r["bound"] or 0 for r in rows
                           if r["for_subsidiary"] and r["verdict"] == ELIGIBLE)
    uncertain_sum = result_claim.uncertain_requested_yuan
    # (not `shared`: that names the policies articles() labels by title)
    on_share = [r["item_id"] for r in rows if r["bound"] and r["verdict"] != INELIGIBLE
                and share_unpublished(item_as_assessed(db, by_id[r["item_id"]]).formula)]
    share_typed = [row.item_id for row in claim_rows if row.item_id in on_share and row.entered]
    totals = {
        "requested": total_requested,
        "requested_text": f"{total_requested:,}",
        "bound": total_bound,
        "bound_text": f"{total_bound:,}",
        "counted_items": [r["item_id"] for r in counted],
        "if_separate_text": lab["if_separate_rest" if getattr(
            report.totals, "separate_projects", None) else "if_separate"].format(
                amount=f"{if_separate:,}")
        if if_separate and if_separate > total_bound else "",
        "uncertain_text": lab["uncertain_sum_entered" if any(
            r.counted_open and r.entered for r in claim_rows) else "uncertain_sum"].format(
                amount=f"{uncertain_sum:,}") if uncertain_sum else "",
        # A bound that rests on a share the text leaves unpublished (dongcheng-09-3, -10,
        # -12: contract section 4) is said to be one beside the totals it is in, not only
        # in its item's questions for the bureau.
        "share_text": " ".join(filter(None, (
            lab["share_unpublished"].format(articles=articles(on_share)) if on_share else "",
            lab["share_typed"].format(articles=articles(share_typed)) if share_typed else "",
            # "表中金额均为条款允许的上限以内" cannot hold of an amount with no bound to be in
            lab["self_stated"].format(articles=articles(self_stated)) if self_stated else ""))),
    }

    # -- per item -----------------------------------------------------------------------------
    # Nothing to claim and nothing open: there is no application to make, so the document
    # is a record of the self-check (no commitment, no seal: nothing to sign for).
    # (core.application.has_claims, as the results page asks it)
    applying = any(not r["for_subsidiary"] for r in rows)
    items = []
    for n, row in enumerate(rows, 1):
        r = by_id[row["item_id"]]
        section = _item_section(n, row, r, db, lang, facts, fact_value, article)
        if applying and not row["for_subsidiary"]:
            section["stacking_notes"] = _stacking_rules(r.item_id, rows, report, db, lang,
                                                        article, articles)
            # What the firm still has to give or ask is its own business, not the
            # application's: in the appendix it may remove (the reasons there say what to
            # give; the questions follow them).
            section["open_facts"], section["ask_bureau"] = [], []
        items.append(section)

    # -- combined materials ---------------------------------------------------------------------
    materials: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["for_subsidiary"]:  # the new firm prepares those, under its own application
            continue
        if row["declined"]:  # not applied for: its group's claimed item has its own list
            continue
        for m in item_as_assessed(db, by_id[row["item_id"]]).materials:
            text = m.get("en" if lang == "en" else "zh", "")
            entry = materials.setdefault(text, {"text": text, "guidance": True, "items": []})
            entry["guidance"] = entry["guidance"] and bool(m.get("guidance"))
            if row["article"] not in entry["items"]:
                entry["items"].append(row["article"])
    material_rows = [{"text": m["text"], "guidance": m["guidance"],
                      "kind": lab["guidance"] if m["guidance"] else lab["requirement"],
                      "for_items": sep.join(m["items"])}
                     for m in sorted(materials.values(), key=lambda m: m["guidance"])]

    # -- next steps -----------------------------------------------------------------------------
    blocks = _blockers(report, db, lang, own_ids, facts)
    # An open item of a same-project group that would give more once confirmed: advice to
    # the firm, in its own box (the application's item sections state the text's rule).
    better = [lab["ns_better_text"].format(item=article(i), amount=f"{amount:,}",
                                           chosen=f"{chosen:,}")
              for i, amount, chosen in open_better(report)]
    # a draft since replaced says so where the draft is named (its 政策状态 line said only
    # "征求意见稿" beside a final edition's note in the item sections)
    draft_words = next((t for t in (superseded_text(used.get(p), db, lang)
                                    for p in sorted(drafts)) if t),
                       db.msg("reason.draft", lang)) if drafts else ""
    next_steps = _next_steps(rows, total_requested, own, blocks, applicant, facts, db, lang,
                             draft_words, articles, better, applying,
                             lab["not_started_line"].format(items=not_started_line)
                             if not_started_line else "", totals["if_separate_text"])
    if applying:
        # What separate projects would add is the firm's to weigh, in its box: under the
        # table, beside the application's "本单位将（三）、（四）按同一项目", it read as a
        # contradiction.
        totals["if_separate_text"] = ""
    counted_on_share = [i for i in on_share if i in totals["counted_items"]]
    # A share row asks for nothing until the share is known (确认比例后填写), or for what
    # the firm typed: neither is an estimate in the total requested any more.
    waiting = [row.item_id for row in claim_rows if row.counted and row.share_open]
    typed = [i for i in share_typed if i in counted_on_share]
    for step in next_steps:  # the request's total says what of it the share leaves open
        if step["label"] == lab["ns_apply"]:
            if waiting:
                step["text"] += lab["ns_share_waiting"].format(articles=articles(waiting))
            if typed:
                step["text"] += lab["ns_share"].format(articles=articles(typed))

    # -- notices: each bureau's own words to its own firms; the tool's as the tool's ------------
    notices = []
    for p in own:
        warning = _pick(p, "third_party_warning", lang)
        if warning:
            phone = f"（{lab['ns_phone'].format(phone=p.phone)}）" if p.phone and lang == "zh" \
                else (f" ({lab['ns_phone'].format(phone=p.phone)})" if p.phone else "")
            quoted = f"“{warning}”" if lang == "zh" else f"\"{warning}\""
            notices.append({"source": lab["bureau_says"].format(bureau=_pick(p, "bureau", lang)),
                            "text": quoted + phone})
    tool_notes = [db.msg("app.no_third_party", lang)]
    # "Every amount is within its bound" cannot be said of an amount with no bound to be in.
    # It is said under the claim table, where the amounts are (it stood a second time among
    # the tool's notes after the signature).
    amounts_note = lab["amounts_note_except" if self_stated else "amounts_note"]
    if draft_words:
        tool_notes.insert(0, draft_words)

    # -- commitment ---------------------------------------------------------------------------
    basis = [f"{title_as_used(p, used.get(p.policy_id), lang)} "
             f"{join_articles(COMMITMENT_BASIS[p.policy_id], lang)}"
             for p in own if p.policy_id in COMMITMENT_BASIS]
    # The negative-list undertaking only where the firm's own policy has that list, and
    # not for a firm that stated it is on it (it could not sign it).
    negative = any(p.policy_id in NEGATIVE_ARTICLE for p in own)
    # "no project claimed twice" only where a text says so (Mentougou's 从优、从高、不重复;
    # Dongcheng's text has no such rule)
    no_double = any(p.stacking_rule for p in own)
    promises = [c for n, c in enumerate(COMMITMENT[lang][1:])
                if (n != 1 or (negative and not blocks)) and (n != 2 or no_double)]
    paragraphs = [COMMITMENT[lang][0]] + [f"{_ordinal(n, lang)}{c}"
                                          for n, c in enumerate(promises, 1)]
    if negative and blocks and rows:  # the tool's note to the firm, not a line of its letter
        tool_notes.append(lab["commitment_blocked"])
    commitment = {
        "to": lab["commitment_to"].format(bureaus=sep.join(_pick(p, "bureau", lang)
                                                              for p in own)) if own else "",
        "paragraphs": paragraphs,
        "basis": lab["commitment_basis"].format(basis=sep.join(basis)) if basis else "",
    }

    # -- appendix -----------------------------------------------------------------------------
    # What a policy says of every item (Dongcheng 第四条's review points, the validity
    # caveat) once, above the items: three identical lines stood under each of eleven.
    wide = report.policy_wide_reasons(lang)
    appendix_shared = [{"title": lab["shared_head"].format(policy=db.policy_label(p, lang)),
                        "lines": lines}
                       for p, lines in wide.items()
                       if p in {by_id[it["item_id"]].policy for it in items}]
    appendix_items = [_appendix_item(it, by_id[it["item_id"]], lab, lang,
                                     asks=applying and not it["for_subsidiary"])
                      for it in items]
    appendix_ineligible = []
    for p in own:
        if p.policy_id not in registered:
            continue  # the firm is not registered there: its items are not the firm's own
        failed = [r for r in report.results if r.policy == p.policy_id and r.verdict == INELIGIBLE]
        if not failed:
            continue
        reasons = [list(r.reasons_en if lang == "en" else r.reasons) for r in failed]
        common = [x for x in reasons[0] if all(x in rs for rs in reasons)] if len(failed) > 1 \
            else []
        appendix_ineligible.append({
            "title": lab["appendix_ineligible"].format(
                district=db.policy_label(p.policy_id, lang)),
            "common": lab["common_reason"].format(reason=" ".join(common)) if common else "",
            "has_reasons": any(x not in common for rs in reasons for x in rs),
            "rows": [{"article": article(r.item_id), "item_id": r.item_id,
                      "benefit": r.benefit_en if lang == "en" else r.benefit,
                      "reasons": [x for x in rs if x not in common] or ["—"]}
                     for r, rs in zip(failed, reasons, strict=True)],
        })

    version_line = f"{lab['clause_db_version']} {report.clause_db_version}"
    version_in_appendix = applying and bool(appendix_items or appendix_ineligible)
    ctx = {
        "lang": lang,
        "applying": applying,
        "L": {**_numbered(lab, lang, items=bool(items), materials=bool(material_rows),
                          applying=applying), "amounts_note": amounts_note,
              # the total row says a row waiting for its share adds to the bounds only
              **({"total_requested": lab["total_requested_share"]} if any(
                  r.counted and r.share_open for r in claim_rows) else {})},
        "title": lab["title"] if applying else lab["title_record"],
        # Under the title, what is applied for and to whom (the generic title alone named
        # neither; the policy stood in small print under the applicant, the bureau only in
        # the commitment).
        "basis_lines": [
            lab["basis_line"].format(titles=sep.join(
                f"《{title_as_used(p, used.get(p.policy_id), lang)}》" if lang == "zh"
                else title_as_used(p, used.get(p.policy_id), lang) for p in own)),
            lab["bureau_line"].format(bureaus=sep.join(
                dict.fromkeys(_pick(p, "bureau", lang) for p in own)))]
        if applying and own else [],
        "subtitle": lab["subtitle"] if applying else lab["subtitle_record"],
        "firm_name": firm_name,
        # a record says it is no application: its footer does not call it a draft of one
        "running": f"{firm_name or lab['no_firm_name']} · "
                   f"{lab['draft_mark'] if applying else lab['record_mark']}",
        "legal_rep": str(facts.get("company.legal_representative") or "").strip(),
        "export_date": today.isoformat(),
        "as_of": _date(report.as_of),
        "year": fact_value("assessment.year"),
        "clause_db_version": report.clause_db_version,
        # The clause base's version is the firm's to keep, not the clerk's to read: in an
        # application it stands in the appendix the firm removes ("条款库版本 9d70…" under
        # the title was jargon to a finance manager), elsewhere under the title.
        "meta_line": (f"{lab['export_date']}{lab['colon']}{today.isoformat()} · "
                      f"{lab['as_of']}{lab['colon']}{_date(report.as_of)} · "
                      f"{lab['year']}{lab['colon']}{fact_value('assessment.year')}"
                      + ("" if version_in_appendix else f" · {version_line}")),
        "version_line": version_line if version_in_appendix else "",
        "next_steps": next_steps,
        "applicant": applicant,
        "own_policies": [_own_policy(p, used.get(p.policy_id), lab, lang) for p in own],
        # An application leaves out other districts' measures (nothing for its bureau to
        # read; the results page tells the firm of 东城第七条); a record with nothing to
        # apply for says why, district by district.
        "other_districts": [] if applying else other_lines,
        "claim_rows": rows,
        "not_started": lab["not_started_line"].format(items=not_started_line)
        if not_started_line and not applying else "",
        "totals": totals,
        "items": items,
        "common_conditions": _common_conditions(items, by_id, db, lang, facts, fact_value),
        "materials": material_rows,
        "commitment": commitment,
        "notices": notices,
        "tool_notes": tool_notes,
        "appendix_items": appendix_items,
        "appendix_ineligible": appendix_ineligible,
        "appendix_shared": appendix_shared,
        "footer": lab["footer"],
    }
    return _clean_all(ctx)


def _own_policy(p: Any, edition: Any, lab: dict[str, str], lang: str) -> dict[str, Any]:
    """A policy of the firm's district: its title, the edition's status and validity, and
    the line every format prints under the applicant ("政策：…《title》 · 征求意见稿 · …")."""
    status, validity = edition_status(p, edition, lang)
    title = title_as_used(p, edition, lang)
    return {"policy_id": p.policy_id, "title": title, "status": status, "validity": validity,
            "bureau": _pick(p, "bureau", lang), "phone": p.phone or "",
            "line": f"{lab['policy']}{lab['colon']}{title} · {status} · {validity}"}


SECTIONS = ("applicant", "claims", "items_title", "materials_all", "commitment", "signature")
_ZH_NUMERALS = "一二三四五六七八九"


def _numbered(lab: dict[str, str], lang: str, items: bool, materials: bool,
              applying: bool = True) -> dict[str, str]:
    """The labels with the section headings numbered from the sections present: a draft with
    nothing to claim has no 逐项申报说明 or 材料清单, and must not jump from 二 to 五; a
    record with nothing to apply for has no commitment or signature either, and names its
    first sections for what they hold (企业信息, 自评结论), not as an application's."""
    absent = {"items_title"} if not items else set()
    absent |= {"materials_all"} if not materials else set()
    absent |= {"commitment", "signature"} if not applying else set()
    present = [k for k in SECTIONS if k not in absent]
    out = dict(lab)
    if not applying:  # the record speaks of the firm and its outcome, asks nothing filled in
        for key in ("applicant", "claims", "sheet_summary"):
            out[key] = lab[key + "_record"]
        out["fill_in"] = lab["not_given"]
    else:  # the parts that speak to the firm say they are its own, to remove when sending
        out["next_steps"] = lab["next_steps_applying"]
        out["notices"] = lab["notices_applying"]
        out["appendix"] = lab["appendix_applying"]
    for n, key in enumerate(present, start=1):
        bare = out[key].split("、", 1)[-1] if lang == "zh" else out[key].split(". ", 1)[-1]
        out[key] = f"{_ZH_NUMERALS[n - 1]}、{bare}" if lang == "zh" else f"{n}. {bare}"
    return out


def _appendix_item(it: dict[str, Any], r: ItemResult, lab: dict[str, str], lang: str,
                   asks: bool = False) -> dict[str, Any]:
    """An item's self-check notes: its own, and a line for those its policy shares (given
    once above the items); the sheet's row, which stands alone, has them all. With `asks`
    (an application, whose item sections leave them out) the questions for the bureau."""
    shared = r.reasons_in(lang, True)
    said = " ".join(r.reasons_en if lang == "en" else r.reasons)
    # (an unpublished threshold's question is in its reason already: said once)
    questions = [q if q.startswith(("请向", "Ask")) else lab["ask_line"].format(question=q)
                 for q in (r.ask_bureau_en if lang == "en" else r.ask_bureau)
                 if q not in said] if asks else []
    return {"heading": f"{it['no']}. {it['article']} {it['benefit']}",
            "item_id": it["item_id"],
            "reasons": r.reasons_in(lang, False)
            + ([lab["shared_more"].format(n=len(shared))] if shared else []) + questions
            or [lab["none"]],
            "all_reasons": list(r.reasons_en if lang == "en" else r.reasons) + questions}


def _other_district_line(policies: list[Any], report: Report, db: ClauseDB, lang: str,
                         article: Any) -> str:
    """One line for another district's policies (their titles, or how many where more than
    OTHER_TITLES_SHOWN: a pack may bring ten a district); where one of their items does not
    depend on the district (dongcheng-07: the new firm it founds applies), the line names it
    rather than calling every clause inapplicable."""
    lab = LABELS[lang]
    if len(policies) > OTHER_TITLES_SHOWN:
        titles = lab["n_policies"].format(n=len(policies))
    else:
        titles = lab["sep"].join(_pick(p, "title", lang) for p in policies)
    line = lab["not_registered"].format(district=_district_name(policies[0].district, db, lang),
                                        title=titles)
    ids = {p.policy_id for p in policies}
    still = [article(r.item_id) for r in report.results
             if r.policy in ids and r.verdict != INELIGIBLE]
    if still:
        line += lab["not_registered_except"].format(articles=lab["sep"].join(still))
    return line


def _claim_row(n: int, row: ClaimRow, r: ItemResult, item: Any, db: ClauseDB, lang: str,
               article: Any) -> dict[str, Any]:
    lab = LABELS[lang]
    formula = (item.formula or {}).get("en" if lang == "en" else "zh") or lab["cap_only"]
    if getattr(r, "beneficiary", "applicant") == "new_subsidiary":
        # Contract section 4: the newly cultivated firm applies for dongcheng-07.
        count_text_note = lab["new_subsidiary"]
    else:
        count_text_note = ""
    # A group of alternatives ((二): one way or the other) is not "one project".
    alternative = row.chosen_instead is not None and any(
        row.item_id in g.items and g.kind != SAME_PROJECT for g in db.stacking)
    if row.for_subsidiary:
        count_text = lab["not_counted_subsidiary"]
    elif row.counted and row.share_open:
        # 计入 beside 确认比例后填写: counted in the bounds' total, not in the request's
        count_text = lab["counted_share"]
    elif row.counted:
        count_text = lab["counted"]
    elif row.counted_open:  # the open total under the table sums these rows
        count_text = lab["counted_open"]
    elif row.chosen_instead:
        key = "not_counted_alternative" if alternative else "not_counted_group"
        count_text = lab[key].format(article=article(row.chosen_instead))
    elif row.not_started:
        count_text = lab["not_counted_not_started"]
    elif row.requested_yuan is None:
        count_text = lab["not_counted_unbounded"]
    else:
        count_text = lab["not_counted_pending"]
    requested = row.requested_yuan
    # With no bound to ask for, the firm states the amount ("未公布" here read as if the
    # text left the firm's request unpublished).
    requested_text = f"{requested:,}" if requested is not None else lab["fill_in"]
    if row.capped:
        requested_text += lab["requested_capped"]
    if not row.entered and blank_means(r, db) == "open":
        # Until the open questions are settled the firm asks for nothing: the bound here
        # read as a request for money the self-check could not confirm (a consultant).
        requested, requested_text = None, lab["when_confirmed"]
    elif row.share_open:
        # The bound is the base at 100 %: as a request it asked for the whole investment.
        requested_text = lab["when_share_known"]
    declined = row.verdict == ELIGIBLE and bool(row.chosen_instead) and not row.counted
    if declined:
        # One project: the firm claims the better item of its group, not this one (an
        # amount here read as a second request; "700,000 or 900,000?", a clerk asked).
        requested, requested_text = None, lab[
            "not_requested_alternative" if alternative else "not_requested"].format(
            article=article(row.chosen_instead))
    open_facts = [db.fact(f).label(lang) if f in db.facts else f for f in r.missing_facts]
    return {
        "no": n,
        "item_id": row.item_id,
        "policy": db.policy_label(r.policy, lang),
        "article": article(row.item_id),
        "benefit": r.benefit_en if lang == "en" else r.benefit,
        "formula": formula,
        "bound": row.bound_yuan,
        "bound_text": bound_text(r, db, lang),
        "requested": requested,
        "requested_text": requested_text,
        "counted": row.counted,
        "count_text": count_text,
        "verdict": row.verdict,
        "verdict_label": db.msg("verdict." + row.verdict, lang),
        "open_text": (lab["not_started"] if row.not_started else
                      lab["sep"].join(open_facts)) if row.verdict == UNCERTAIN else "",
        "description": row.description,
        "beneficiary_note": count_text_note,
        "for_subsidiary": row.for_subsidiary,
        "capped": row.capped and requested is not None,
        "chosen_instead": row.chosen_instead,
        # not applied for: its group's better item is (its section is short, its materials
        # are not asked for)
        "declined": declined,
    }


def _item_section(n: int, row: dict[str, Any], r: ItemResult, db: ClauseDB, lang: str,
                  facts: dict[str, Any], fact_value: Any, article: Any) -> dict[str, Any]:
    lab = LABELS[lang]
    item = item_as_assessed(db, r)
    negatives = {c["text"] for c in item.criteria if c.get("negative")}
    own, shared = split_common(item, r)
    shared_facts = {f for c in shared for f in c.facts}
    policy = db.policies[r.policy]
    return {
        **row,
        "heading": f"{n}. {row['article']} {row['benefit']}",
        # In English without the chapter's Chinese heading (a Chinese phrase inside an
        # English line; each text numbers its articles once, so the article locates it)
        "source": f"{title_as_used(policy, r.edition, lang)} {item.chapter} "
                  f"{article_label(r.article, lang)}"
        if lang == "zh" else f"{title_as_used(policy, r.edition, lang)}, "
                             f"{article_label(r.article, lang)}",
        "clause_paragraphs": [p for p in item.text.splitlines() if p.strip()] or [item.text],
        # The conditions its policy sets for every applicant (Dongcheng 第三条、第四条) are
        # one line here and listed once after the applicant (common_conditions): the
        # same seven conditions and eight answers stood under each of eleven items.
        "conditions": [_draft_validity(_criterion_line(c, c.text in negatives, db, lang, facts),
                                       r, db, lang) for c in own]
        + ([_common_line(shared, db, lang)] if shared else []),
        # An eligible item's conditions hold without the facts the firm left blank (one
        # branch of an "either ... or" met, as mentougou-05's by a quality firm): listing
        # them as "未填写" would tell the clerk the claim lacks something it does not.
        "facts": [{"label": db.fact(f).label(lang) if f in db.facts else f,
                   "value": fact_value(f), "known": facts.get(f) is not None}
                  for f in item.facts if f != "company.district"
                  and (f not in shared_facts or any(f in c.facts for c in own))
                  and (r.verdict != ELIGIBLE or facts.get(f) is not None)]
        or [{"label": lab["none"], "value": "", "known": False}],
        "computation": (r.computation_en if lang == "en" else r.computation) or "—",
        "requested_line": lab["requested_line"].format(
            # the unit after the number, then the note ("6,000,000 元（已按上限）")
            requested=(lab["yuan"].format(amount=f"{row['requested']:,}")
                       + (lab["requested_capped"] if row["capped"] else "")
                       if row["requested"] is not None else row["requested_text"]),
            bound=amount_text(r, db, lang)),
        "outline": [] if row["description"] else DESCRIPTION_OUTLINE[lang],
        "description_paragraphs": [p for p in row["description"].splitlines() if p.strip()],
        "materials": [{"text": m.get("en" if lang == "en" else "zh", ""),
                       "note": f"（{lab['guidance']}）" if lang == "zh" and m.get("guidance")
                       else (f" ({lab['guidance']})" if m.get("guidance") else "")}
                      for m in item.materials],
        "ask_bureau": list(r.ask_bureau_en if lang == "en" else r.ask_bureau),
        "open_facts": [db.fact(f).label(lang) if f in db.facts else f for f in r.missing_facts],
        "stacking_notes": [notes_by_article(n, db, r.item_id, article) for n in
                           (r.stacking_notes_en if lang == "en" else r.stacking_notes)],
    }


def _stacking_rules(item_id: str, rows: list[dict[str, Any]], report: Report, db: ClauseDB,
                    lang: str, article: Callable[[str], str],
                    articles: Callable[[list[str]], str]) -> list[str]:
    """An application's words on no double claiming, for each group of the item with two
    or more rows in the claim table: the text's own rule, quoted, and how the applicant
    treats the group (one project, claiming the item the table counts; separate projects,
    as the firm stated; one of two ways).

    Not the self-check's note ("建议选择：（三）"): advice to the firm read, in a letter to
    the bureau, as the tool speaking, and the tool's grouping read as the policy's words.
    An open item that would give more is in the firm's own box (_next_steps)."""
    lab = LABELS[lang]
    in_table = {r["item_id"]: r for r in rows
                if r["verdict"] != INELIGIBLE and not r["for_subsidiary"]}
    separate = set(getattr(report.totals, "separate_projects", None) or [])
    lines = []
    for group in db.stacking:
        members = [i for i in group.items if i in in_table]
        if item_id not in members or len(members) < 2:
            continue
        chosen = next((in_table[i]["chosen_instead"] for i in members
                       if in_table[i]["chosen_instead"]), None)
        named = articles(members)
        if group.kind != SAME_PROJECT:  # (二)'s two ways: the reading of the text's "或"
            rule = notes_by_article(group.en if lang == "en" else group.zh, db, item_id,
                                    article)
            claim = lab["stack_alt"].format(chosen=article(chosen)) if chosen else ""
            lines.append(rule + (" " if lang == "en" and claim else "") + claim)
            continue
        text = db.policies[group.policy_id].stacking_rule
        # the rule quoted; its own quotation marks nested as 单引号
        rule = lab["stack_rule"].format(rule=text.replace("“", "‘").replace("”", "’")) \
            if text else notes_by_article(group.en if lang == "en" else group.zh, db,
                                          item_id, article)
        if group.group_id in separate:
            claim = lab["stack_separate"].format(items=named)
        elif chosen:
            claim = lab["stack_one"].format(items=named, chosen=article(chosen))
        else:
            claim = lab["stack_one_open"].format(items=named)
        lines.append(rule + claim)
    return lines


def _blockers(report: Report, db: ClauseDB, lang: str, own_ids: set[str],
              facts: dict[str, Any]) -> list[str]:
    """One line per own policy whose negative list bars the firm (cited once)."""
    lab = LABELS[lang]
    lines = []
    for policy_id in sorted(own_ids):
        for r in report.results:
            if r.policy != policy_id:
                continue
            item = item_as_assessed(db, r)
            negatives = {c["text"] for c in item.criteria if c.get("negative")}
            hit = next((c for c in r.criteria if c.text in negatives and c.status == UNMET), None)
            if hit is None:
                continue
            true_facts = [value_text(f, facts, db, lang) for f in hit.facts
                          if facts.get(f) is True]
            policy = db.policies[policy_id]
            lines.append(lab["ns_block_text"].format(
                policy=db.policy_label(policy_id, lang),
                article=article_label(NEGATIVE_ARTICLE.get(policy_id, ""), lang),
                facts=lab["sep"].join(true_facts) or lab["not_given"],
                district=_district_name(policy.district, db, lang)))
            break
    return lines


def _next_steps(rows: list[dict[str, Any]], total: int, own: list[Any], blocks: list[str],
                applicant: list[dict[str, Any]], facts: dict[str, Any], db: ClauseDB,
                lang: str, draft_words: str, articles: Callable[[list[str]], str],
                better: list[str], applying: bool = True, not_started: str = "",
                if_separate: str = "") -> list[dict[str, str]]:
    lab = LABELS[lang]
    sep = lab["sep"]
    steps = []
    for line in blocks:
        steps.append({"label": lab["ns_block"], "text": line})
    eligible = [r for r in rows if r["verdict"] == ELIGIBLE and not r["for_subsidiary"]]
    for r in rows:
        if r["for_subsidiary"] and r["verdict"] != INELIGIBLE:
            bound = (lab["at_most_yuan"].format(amount=f"{r['bound']:,}")
                     if r["bound"] is not None else r["bound_text"])
            steps.append({"label": lab["ns_subsidiary"], "text": lab["ns_subsidiary_text"].format(
                article=r["article"], bound=bound)})
    if eligible:
        counted = sum(1 for r in eligible if r["counted"])
        # A same-project item the totals leave out is still open to the firm; the line says
        # how many the total counts, so "3 items" never sits beside a total of two.
        key = "ns_apply_text" if counted == len(eligible) else "ns_apply_counted"
        steps.append({"label": lab["ns_apply"], "text": lab[key].format(
            n=len(eligible), items=f"{len(eligible)} item{'s' * (len(eligible) > 1)}",
            counted=counted,
            articles=articles([r["item_id"] for r in eligible]), total=f"{total:,}")})
    elif not blocks:
        # The table may hold the new firm's item (dongcheng-07), marked 可申请: "nothing to
        # apply for" beside it read as a contradiction.
        others = [r["item_id"] for r in rows if r["for_subsidiary"] and r["verdict"] != INELIGIBLE]
        steps.append({"label": lab["ns_apply"], "text": lab["ns_none_claim_self"].format(
            articles=articles(others)) if others else lab["ns_none_claim"]})
    pending = [r for r in rows if r["verdict"] == UNCERTAIN]
    if pending:
        # Six named and "等 N 项"; seven are all named (cutting one saved nothing, and the
        # seventh read as missing).
        shown = pending if len(pending) <= 7 else pending[:6]
        more = f" {lab['ns_more'].format(n=len(pending))}" if len(shown) < len(pending) else ""
        key = "ns_open_text_applying" if applying else "ns_open_text"
        steps.append({"label": lab["ns_open"], "text": lab[key].format(
            items=articles([r["item_id"] for r in shown]) + more)})
    steps += [{"label": lab["ns_better"], "text": line} for line in better]
    # one row a bureau (a pack may bring several policies of one bureau)
    for bureau, phone in dict.fromkeys((_pick(p, "bureau", lang), p.phone) for p in own):
        phone = lab["ns_phone"].format(phone=phone) if phone else lab["ns_no_phone"]
        text = f"{bureau}（{phone}）" if lang == "zh" else f"{bureau} ({phone})"
        steps.append({"label": lab["ns_ask"], "text": text})
    if not own:
        steps.append({"label": lab["ns_apply"], "text": lab["ns_no_policy"].format(
            district=_district_name(facts.get("company.district"), db, lang))})
    blank = [a["label"] for a in applicant if a["blank"]]
    if blank and any(not r["for_subsidiary"] for r in rows):
        # (with nothing to apply for, no form needs completing)
        steps.append({"label": lab["ns_fill"], "text": lab["ns_fill_text"].format(
            fields=sep.join(blank))})
    if applying:
        # The firm's to-dos in its box, not in the application: the items it has not begun
        # (under the claim table they read as the tool speaking to the firm), the format.
        if not_started:
            steps.append({"label": lab["ns_not_started"], "text": not_started})
        if if_separate:
            steps.append({"label": lab["ns_projects"],
                          "text": lab["ns_projects_text"].format(if_separate=if_separate)})
        steps.append({"label": lab["ns_format"], "text": lab["ns_format_text"]})
        steps.append({"label": lab["ns_commitment"], "text": lab["ns_commitment_text"]})
    if draft_words:
        steps.append({"label": lab["ns_draft"], "text": draft_words})
    return steps


def _not_started(report: Report, db: ClauseDB, facts: dict[str, Any]) -> set[str]:
    """The report's `totals.not_started_items`; for an older report, uncertain items none
    of whose own facts (beyond the policy's common conditions) is given."""
    given = getattr(report.totals, "not_started_items", None)
    if given is not None:
        return set(given)
    from desktop_app.core.logic import facts_read

    # Facts many items of a policy read (district, industry, negative list, firm status)
    # are not an item's own.
    uses: dict[tuple[str, str], int] = {}
    for item in db.items:
        for f in item.facts:
            uses[item.policy_id, f] = uses.get((item.policy_id, f), 0) + 1
    found = set()
    for r in report.results:
        if r.verdict != UNCERTAIN:
            continue
        item = item_as_assessed(db, r)
        common = {f for c in item.criteria if c.get("common") and "test" in c
                  for f in facts_read(c["test"])} | {"assessment.year"}
        own = [f for f in item.facts if f not in common and uses[item.policy_id, f] <= 3]
        if own and all(facts.get(f) is None for f in own):
            found.add(r.item_id)
    return found


def _ordinal(n: int, lang: str) -> str:
    return f"{'一二三四五六七八九十'[n - 1]}、" if lang == "zh" else f"{n}. "


def _date(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


