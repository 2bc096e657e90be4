"""The wizard's own words, in both languages, kept as data.

Question labels, help texts, options and glossary come from the clause database;
this table holds only the interface's wording. `&` marks a keyboard mnemonic.
"""

from __future__ import annotations

from typing import Any

UI: dict[str, dict[str, str]] = {
    "app.title": {"zh": "政策自评助手", "en": "Policy Self-Check"},
    "app.untitled": {"zh": "未保存的自评", "en": "unsaved assessment"},
    "app.library_case": {"zh": "企业库中的案例", "en": "case in the firms library"},
    # menus
    "menu.file": {"zh": "文件(&F)", "en": "&File"},
    "menu.new": {"zh": "新建自评(&N)", "en": "&New assessment"},
    "menu.open": {"zh": "打开(&O)…", "en": "&Open…"},
    "menu.save": {"zh": "保存(&S)", "en": "&Save"},
    "menu.save_as": {"zh": "另存为(&A)…", "en": "Save &As…"},
    "menu.recent": {"zh": "最近的自评(&R)", "en": "&Recent cases"},
    "menu.recent_none": {"zh": "（无）", "en": "(none)"},
    "menu.firms": {"zh": "企业库(&K)…", "en": "Firms &library…"},
    "menu.quit": {"zh": "退出(&Q)", "en": "&Quit"},
    "menu.edit": {"zh": "编辑(&E)", "en": "&Edit"},
    "menu.undo": {"zh": "撤销(&U)", "en": "&Undo"},
    "menu.redo": {"zh": "重做(&R)", "en": "&Redo"},
    "menu.as_of": {"zh": "评估日期(&D)…", "en": "Assessment &date…"},
    "menu.language": {"zh": "语言(&L)", "en": "&Language"},
    "menu.help": {"zh": "帮助(&H)", "en": "&Help"},
    "menu.glossary": {"zh": "术语表(&G)…", "en": "&Glossary…"},
    "menu.about": {"zh": "关于(&A)…", "en": "&About…"},
    # wizard buttons
    "btn.next": {"zh": "下一步(&N) >", "en": "&Next >"},
    "btn.back": {"zh": "< 上一步(&B)", "en": "< &Back"},
    "btn.change": {"zh": "修改", "en": "Change"},
    "btn.glossary": {"zh": "术语：{terms}", "en": "Glossary: {terms}"},
    "btn.clause": {"zh": "查看条款原文…", "en": "Clause text…"},
    "btn.new": {"zh": "重新开始自评(&R)", "en": "Start &again"},
    "btn.export": {"zh": "导出", "en": "Export"},
    "btn.close": {"zh": "关闭", "en": "Close"},
    # steps
    "steps.title": {"zh": "步骤", "en": "Steps"},
    "step.welcome": {"zh": "开始", "en": "Start"},
    "step.review": {"zh": "核对答案", "en": "Review answers"},
    "step.results": {"zh": "自评结果", "en": "Results"},
    "step.skipped": {"zh": "（无需填写）", "en": "(not needed)"},
    # welcome page
    "welcome.title": {"zh": "欢迎使用政策自评助手", "en": "Welcome to Policy Self-Check"},
    "welcome.subtitle": {
        "zh": "回答几组问题，查看企业可以申请哪些区级政策条款、金额上限和所需材料。",
        "en": "Answer a few groups of questions to see which district clauses the firm "
              "can claim, up to how much, and what to prepare."},
    "welcome.does": {"zh": "本工具可以：", "en": "This tool:"},
    "welcome.does_list": {
        "zh": "逐条对照下列政策的全部条款，给出“可申请 / 待确认 / 不符合”的自评结论和理由；"
              "按条款计算金额上限（不超过）；导出可作为申报草稿的核对清单。",
        "en": "checks every clause of the policies below and gives a verdict (eligible / "
              "uncertain / not eligible) with reasons; computes each upper bound (at most); "
              "exports a checklist to draft the application from."},
    "welcome.doesnt": {"zh": "本工具不能：", "en": "This tool does not:"},
    "welcome.doesnt_list": {
        "zh": "代替主管部门审核，也不代为申报；自评结论不代表最终获批，金额为上限而非承诺。",
        "en": "replace the bureau's review or apply for you; a verdict is not an approval "
              "and an amount is a ceiling, not a promise."},
    "welcome.policies": {"zh": "所涵盖的政策：", "en": "Policies covered:"},
    # many policies (a large pack): counted by district in one line, not listed
    "welcome.district_count": {"zh": "{district} {n} 项", "en": "{district} {n}"},
    "welcome.by_district": {"zh": "共 {n} 项政策{drafts}：{districts}。各项条款见自评结果。",
                            "en": "{n} measures{drafts}: {districts}. Their items are on "
                                  "the results page."},
    "welcome.drafts": {"zh": "（其中征求意见稿 {n} 项）",
                       "en": " ({n} of them drafts for comment)"},
    # said from the clause base in use (a pack may bring issued texts)
    "welcome.draft_all": {
        "zh": "所涵盖的政策均为征求意见稿，条款和金额以正式发布文件为准。",
        "en": "Every policy covered is a draft for comment; the issued texts may differ."},
    "welcome.draft_some": {
        "zh": "其中 {n} 项政策为征求意见稿，条款和金额以正式发布文件为准。",
        "en": "{n} of these policies are drafts for comment; the issued texts may differ."},
    "welcome.offline": {
        "zh": "所有数据只保存在本机，本工具不联网，不向任何地方发送数据。",
        "en": "Your answers stay on this computer; the tool never connects to the network."},
    "welcome.recent": {"zh": "继续上次的自评", "en": "Go on with a recent case"},
    "welcome.recent_open": {"zh": "打开自评：{name}", "en": "Open the case {name}"},
    "welcome.third_party": {"zh": "关于第三方代理：", "en": "About third parties:"},
    "welcome.start": {"zh": "点击“下一步”开始。", "en": "Press Next to begin."},
    # topic pages
    # Said on the compliance page to a firm registered outside Dongcheng, which is asked
    # Dongcheng's 第四条 only because 第七条 does not depend on where the investor is.
    "topic.note.compliance": {
        "zh": "贵单位不在东城区注册：仅当贵单位在东城区新设数科企业（东城区第七条，出资企业"
              "不限注册地）时，本页问题才有影响，且应按新设企业的情况回答；否则可留空。",
        "en": "Your firm is not registered in Dongcheng: these questions matter only if it "
              "founds a digital-tech firm in Dongcheng (Dongcheng Art. 7, whatever the "
              "investor's district), and are then answered for the new firm; otherwise "
              "leave them blank."},
    "topic.subtitle": {
        "zh": "不清楚的问题可选“不确定”或留空，结果中会标为待确认；没有发生的金额请填 0。",
        "en": "Choose \"Not sure\" or leave blank what you do not know; the results mark "
              "it as uncertain. An amount you did not incur is 0."},
    "topic.nothing": {
        "zh": "根据已填写的答案，本页的问题不影响任何条款的结论。",
        "en": "Given your answers so far, no question on this page changes any verdict."},
    "bool.yes": {"zh": "是", "en": "Yes"},
    "bool.no": {"zh": "否", "en": "No"},
    "bool.unsure": {"zh": "不确定", "en": "Not sure"},
    "enum.choose": {"zh": "请选择", "en": "Please choose"},
    "unit.yuan": {"zh": "元", "en": "yuan"},
    "unit.wan": {"zh": "万元", "en": "10k yuan (万元)"},
    "money.equals": {"zh": "= {amount} 元", "en": "= {amount} yuan"},
    "money.rounded": {"zh": "已舍去角分，按 {amount} 元计", "en": "fractions of a yuan dropped: "
                                                            "{amount} yuan"},
    "uscc.typing": {"zh": "已输入 {n}/18 位", "en": "{n} of 18 characters"},
    "money.placeholder": {"zh": "例如 1,200,000", "en": "e.g. 1,200,000"},
    "year.placeholder": {"zh": "例如 2025", "en": "e.g. 2025"},
    "count.placeholder": {"zh": "整数，例如 1", "en": "whole number, e.g. 1"},
    "decimal.placeholder": {"zh": "数字，最多两位小数，例如 2.5", "en": "number, e.g. 2.5"},
    "err.year": {"zh": "请输入四位年份，例如 2025", "en": "Enter a four-digit year, e.g. 2025"},
    "err.count": {"zh": "请输入不小于0的整数", "en": "Enter a whole number, 0 or more"},
    "err.money_en": {"zh": "", "en": "Enter an amount of yuan, 0 or more "
                                      "(e.g. 1,200,000 or 120万)"},
    "err.block": {"zh": "请先更正标红的内容，再继续。",
                  "en": "Please correct the fields marked in red first."},
    # review page
    "review.title": {"zh": "核对答案", "en": "Review your answers"},
    "review.subtitle": {
        "zh": "请核对以下答案；点击“修改”回到相应页面。确认无误后点击“下一步”查看结果。",
        "en": "Check the answers below; Change goes back to that page. "
              "Press Next to see the results."},
    "review.unanswered": {"zh": "（未填写）", "en": "(not answered)"},
    "review.unaccepted": {"zh": "（输入有误，未计入：{text}）",
                          "en": "(not accepted, not assessed: {text})"},
    "review.not_needed": {"zh": "以下答案不影响结论：", "en": "These answers change no verdict:"},
    "review.skipped": {"zh": "本组问题不影响任何条款，已跳过。",
                       "en": "No question of this group matters; skipped."},
    # the questions that matter most (review and results pages)
    "priorities.title": {"zh": "最值得先回答的问题", "en": "The answers that matter most"},
    "priorities.weight": {"zh": "关系到 {n} 项条款、最多 {amount} 元",
                          "en": "bears on {n} item(s), at most {amount} yuan"},
    "priorities.weight_items": {"zh": "关系到 {n} 项条款", "en": "bears on {n} item(s)"},
    "priorities.link": {"zh": "去回答：{question}", "en": "Go to the question: {question}"},
    "priorities.zero": {"zh": "没有发生的金额请填 0（留空表示尚不清楚）。",
                        "en": "An amount you did not incur is 0 (blank means not known)."},
    "priorities.more": {"zh": "另有 {n} 个未回答的问题影响待确认的条款（见各条款）。",
                        "en": "{n} more open question(s) bear on uncertain items "
                              "(see each item)."},
    "btn.return_review": {"zh": "返回核对页(&V)", "en": "Back to re&view"},
    "btn.return_results": {"zh": "返回结果页(&V)", "en": "Return to res&ults"},
    # accessible names (what a screen reader says)
    "a11y.clear": {"zh": "清除：{question}", "en": "Clear: {question}"},
    "a11y.unit": {"zh": "金额单位：{question}", "en": "Unit of: {question}"},
    "a11y.steps": {"zh": "步骤列表", "en": "List of steps"},
    "a11y.clause": {"zh": "查看条款原文：{item}", "en": "Clause text: {item}"},
    "step.why_skipped": {
        "zh": "“{step}”无需填写：根据已填的答案，这组问题不影响任何条款的结论。",
        "en": "The step {step} is not needed: given your answers, no question there changes "
              "any verdict."},
    # results page: one project or separate ones; requested amounts and descriptions
    "projects.title": {"zh": "同一项目还是不同项目？", "en": "One project or separate ones?"},
    "projects.intro": {
        "zh": "同一项目符合多项条款的，只能享受其中最优的一项（从优、从高、不重复）。"
              "如以下条款分别涉及不同的项目，请勾选，合计将分别计算。",
        "en": "One project that meets several items gets only the most favourable one. "
              "Tick a group if its items concern separate projects: the totals then count "
              "each item."},
    "projects.separate": {"zh": "{items} 涉及不同的项目（分别申请）",
                          "en": "{items} concern separate projects (each claimed)"},
    "claim.requested": {"zh": "申请金额（元）：", "en": "Requested amount (yuan):"},
    "claim.requested_name": {"zh": "申请金额：{item}", "en": "Requested amount: {item}"},
    "claim.no_bound": {"zh": "上限未定", "en": "no bound yet"},
    "claim.default": {"zh": "留空即按上限 {amount} 元申请",
                      "en": "blank: the bound, {amount} yuan"},
    "claim.default_open": {"zh": "待确认：留空则草稿中写“确认后填写”（上限 {amount} 元）",
                           "en": "open: left blank, the draft says \"to fill in once "
                                 "confirmed\" (bound {amount} yuan)"},
    "claim.default_share": {"zh": "支持比例未公布：留空则草稿中写“确认比例后填写”"
                                  "（上限 {amount} 元按比例 100% 计）",
                            "en": "the share is not published: left blank, the draft says "
                                  "\"to fill in once the share is known\" (the bound, "
                                  "{amount} yuan, takes it at 100%)"},
    "claim.placeholder_open": {"zh": "确认后填写", "en": "once confirmed"},
    "claim.placeholder_share": {"zh": "确认比例后填写", "en": "once the share is known"},
    "claim.capped": {"zh": "不能超过上限，已按 {amount} 元计",
                     "en": "cannot exceed the bound: {amount} yuan"},
    "claim.describe": {"zh": "填写项目情况说明…", "en": "Describe the project…"},
    "claim.describe_done": {"zh": "修改项目情况说明…（已填写）",
                            "en": "Edit description… (written)"},
    "claim.describe_name": {"zh": "项目情况说明：{item}", "en": "Project description: {item}"},
    "claim.describe_title": {"zh": "项目情况说明 · {item}", "en": "Project description · {item}"},
    "claim.total": {"zh": "申请金额合计 {amount} 元（计入合计的可申请条款）。",
                    "en": "Requested in total: {amount} yuan (eligible items counted in the "
                          "total)."},
    "results.share_note": {"zh": "其中{items}的条款未公布支持比例，上限按比例 100% 计，"
                                 "实际比例和金额以主管部门核定为准。",
                           "en": "Of these, the text publishes no share for {items}: the "
                                 "bound takes it at 100%; the bureau sets the share and the "
                                 "amount."},
    "results.not_started": {"zh": "另有 {n} 项待确认条款还没有任何相关信息"
                                  "（未填写或选了“不确定”），未计入合计。",
                            "en": "{n} more uncertain item(s) with no facts given yet (not "
                                  "answered, or answered Not sure): not in any total."},
    "results.if_separate": {"zh": "如各组条款均属不同项目，可申请条款合计最多 {amount} 元。",
                            "en": "If every group's items were separate projects: at most "
                                  "{amount} yuan for the eligible items."},
    "btn.ok": {"zh": "确定", "en": "OK"},
    "btn.cancel": {"zh": "取消", "en": "Cancel"},
    # results page
    "results.title": {"zh": "自评结果", "en": "Results"},
    "results.subtitle_set": {
        "zh": "评估日期 {date}（指定日期；“编辑 → 评估日期…”可改回今天）。结论为自评，"
              "最终以主管部门审核为准；金额均为上限（不超过）。",
        "en": "Assessed on {date} (a date set: Edit > Assessment date… goes back to today). "
              "This is a self-check, subject to the bureau's review; every amount is an "
              "upper bound."},
    "date.title": {"zh": "评估日期", "en": "Assessment date"},
    "date.text": {"zh": "按哪一天评估？政策版本和有效期按此日期判断（默认今天）。",
                  "en": "Assess as of which day? Policy editions and validity are judged "
                        "on this date (today by default)."},
    "date.today": {"zh": "今天(&T)", "en": "&Today"},
    "results.subtitle": {
        "zh": "评估日期 {date}。结论为自评，最终以主管部门审核为准；金额均为上限（不超过）。",
        "en": "Assessed on {date}. This is a self-check, subject to the bureau's review; "
              "every amount is an upper bound."},
    "results.totals": {"zh": "可申请条款合计不超过 {eligible} 元。",
                       "en": "Eligible items: at most {eligible} yuan in total."},
    "results.totals_none": {"zh": "暂无可申请的条款。", "en": "No item can be claimed yet."},
    # (dongcheng-07: a headquarters' total held the new firm's money without a word)
    "results.new_firm_part": {"zh": "其中{item}的不超过 {amount} 元由新涵养的企业申请并获得，"
                                    "不由本企业领取。",
                              "en": "Of this, at most {amount} yuan ({item}) is applied for "
                                    "and received by the newly cultivated firm, not this firm."},
    # the uncertain items begun: their sum, said only when some have a bound ("at most
    # 0 yuan (plus 7 with no bound)" read as if those seven were worth nothing)
    "results.totals_uncertain": {"zh": "待确认条款合计不超过 {uncertain} 元{unbounded}。",
                                 "en": "Uncertain items: at most {uncertain} yuan{unbounded}."},
    "results.unbounded": {"zh": "（另有 {n} 项上限未定：金额未公布或计算基数未填）",
                          "en": " (plus {n} with no bound yet: unpublished, or base not given)"},
    "results.unbounded_only": {
        "zh": "待确认条款中有 {n} 项上限未定（金额未公布或计算基数未填），暂无法合计。",
        "en": "Uncertain items: {n} with no bound yet (unpublished, or base not given), "
              "so no sum can be given."},
    "results.totals_note": {
        "zh": "合计已按“从优、从高、不重复”只计一次。",
        "en": "Totals count each group of items that do not stack once "
              "(the texts' rule: the most favourable one, not repeated)."},
    "results.open_better": {"zh": "{item}尚待确认：如确认符合，同一项目的上限可从 {best} 元增至 "
                                  "{higher} 元。",
                            "en": "{item} is still open: if confirmed, the bound for that "
                                  "project rises from {best} to {higher} yuan."},
    "results.counts": {"zh": "可申请 {e} 项 · 待确认 {u} 项 · 不符合 {i} 项",
                       "en": "{e} eligible · {u} uncertain · {i} not eligible"},
    "results.stacking": {"zh": "不可重复享受的条款", "en": "Items that do not stack"},
    "results.notes": {"zh": "请注意", "en": "Please note"},
    "results.shared_points": {"zh": "另有{district}各条款共同的 {n} 项说明"
                                    "（评审要点、有效期等），见页末。",
                              "en": "Points shared by every {district} item (review points, "
                                    "validity; {n}): see the end of the page."},
    "results.shared_head": {"zh": "{policy}各条款共同的说明",
                            "en": "Points shared by every {policy} item"},
    "results.sort": {"zh": "排序(&O)：", "en": "S&ort:"},
    "results.sort_verdict": {"zh": "可申请优先", "en": "Eligible first"},
    "results.sort_clause": {"zh": "按条款顺序", "en": "Clause order"},
    "results.sort_amount": {"zh": "按金额上限", "en": "By upper bound"},
    "results.policy": {"zh": "政策(&P)：", "en": "&Policy:"},
    "results.policy_all": {"zh": "全部政策", "en": "All policies"},
    "results.elsewhere": {
        "zh": "另有{districts}因未在该区注册而不适用，未逐项列出（在“政策”中选择该政策可查看）。",
        "en": "Not listed: {districts}, which do not apply as the firm is not registered "
              "there (choose the policy under Policy to see them)."},
    "results.elsewhere_one": {"zh": "{district} {n} 项条款", "en": "{n} items of {district}"},
    "results.hide_ineligible": {"zh": "隐藏不符合的条款(&I)", "en": "H&ide ineligible items"},
    "results.amount": {"zh": "不超过 {amount} 元", "en": "at most {amount} yuan"},
    "results.amount_none": {"zh": "未公布", "en": "not published"},
    # the text publishes a rate or a per-unit sum; the firm's own base is what is missing
    "results.amount_not_given": {"zh": "未填写", "en": "not given yet"},
    "results.amount_zero": {"zh": "—", "en": "—"},
    "results.met": {"zh": "满足 {n}/{m} 项条件", "en": "meets {n} of {m} conditions"},
    "results.checked": {"zh": "条款编号 {item} · 条文核对于 {date}",
                        "en": "Item {item} · text checked {date}"},
    "clause.validity": {"zh": "有效期：{validity}；条文最近核对：{date}",
                        "en": "Validity: {validity}; text last checked: {date}"},
    "results.ask": {"zh": "请向主管部门确认：", "en": "Ask the bureau:"},
    "results.materials": {"zh": "所需材料（标“参考”的为本工具的建议，非条文原文要求）：",
                          "en": "What to prepare (marked guidance: the tool's advice, not "
                                "required by the text's words):"},
    "results.guidance": {"zh": "（参考）", "en": " (guidance)"},
    "results.contact": {"zh": "咨询：{bureau}，电话 {phone}（政策原文公布；原文未载地址）",
                        "en": "Ask: {bureau}, phone {phone} (as the text gives it; "
                              "the text gives no address)"},
    "results.contact_none": {"zh": "咨询：{bureau}（政策原文未公布电话和地址）",
                             "en": "Ask: {bureau} (the text gives no phone or address)"},
    "next.title": {"zh": "下一步", "en": "Next steps"},
    "next.apply": {"zh": "申请：向{bureau}申请 {n} 项：{items}。",
                   "en": "Apply: {n} item(s) to the {bureau}: {items}."},
    "next.apply_new_firm": {"zh": "申请：{items}由新涵养的企业（新设立、获得实收资本投资的企业）"
                                  "以其自身名义向{bureau}申请，不由本企业申请。",
                            "en": "Apply: {items} is applied for by the newly cultivated firm, "
                                  "in its own name, to the {bureau}; not by this firm."},
    "next.one_project": {"zh": "另有{items}与所列条款按同一项目择优，不重复申请；如属不同项目，"
                               "请在下方“同一项目还是不同项目？”中勾选。",
                         "en": "{items} is counted as one project with an item listed and "
                               "not claimed twice; if the projects differ, tick it under "
                               "\"One project or separate ones?\" below."},
    "next.ask": {"zh": "确认：{n} 项待确认，请先咨询{bureau}{phone}：{items}。",
                 "en": "Ask first: {n} uncertain item(s), the {bureau}{phone}: {items}."},
    "next.phone": {"zh": "（电话 {phone}）", "en": " (phone {phone})"},
    "next.prepare": {"zh": "准备：{n} 项材料（“参考”为本工具的建议，非条文要求）：",
                     "en": "Prepare: {n} document(s) (marked guidance: the tool's advice, "
                           "not the text's requirement):"},
    "next.guidance": {"zh": "参考", "en": "guidance"},
    "next.more": {"zh": "显示其余 {n} 条", "en": "Show {n} more"},
    "next.etc": {"zh": "等", "en": ", …"},
    "next.blocked": {"zh": "受阻：{district}的条款均不能申请，因为{reason}",
                     "en": "Barred: no {district} item can be claimed. {reason}"},
    "next.nothing": {"zh": "暂无可申请或待确认的条款。",
                     "en": "No item is eligible or uncertain for now."},
    "results.shown": {"zh": "显示 {n}/{m} 项", "en": "showing {n} of {m}"},
    "results.more": {"zh": "再显示 {n} 项（尚有 {left} 项未显示）",
                     "en": "Show {n} more ({left} not shown yet)"},
    "results.criteria": {"zh": "条件逐项对照", "en": "Conditions one by one"},
    "export.label": {"zh": "导出申报草稿：", "en": "Export the draft application:"},
    "export.label_record": {"zh": "导出自评结果：", "en": "Export the self-check result:"},
    "export.docx": {"zh": "&Word", "en": "&Word"},
    "export.pdf": {"zh": "P&DF", "en": "P&DF"},
    "export.html": {"zh": "H&TML", "en": "H&TML"},
    "export.xlsx": {"zh": "E&xcel", "en": "E&xcel"},
    # (the dialog of the export buttons: a draft application, or a record of the check)
    "export.dialog": {"zh": "导出", "en": "Export"},
    "export.filter_docx": {"zh": "Word 文档 (*.docx)", "en": "Word document (*.docx)"},
    "export.filter_pdf": {"zh": "PDF 文件 (*.pdf)", "en": "PDF file (*.pdf)"},
    "export.filter_html": {"zh": "网页 (*.html)", "en": "Web page (*.html)"},
    "export.filter_xlsx": {"zh": "Excel 工作簿 (*.xlsx)", "en": "Excel workbook (*.xlsx)"},
    "export.busy": {"zh": "正在导出…", "en": "Exporting…"},
    "export.failed": {"zh": "导出失败", "en": "Export failed"},
    "export.bug": {"zh": "导出时程序出错，文件没有写入；已填的答案不受影响。请关闭并重新打开本程序"
                         "（答案会自动恢复）后再试一次；如仍出错，请把下面的技术信息告知技术支持。\n\n"
                         "技术信息：{detail}",
                   "en": "The program failed while exporting; no file was written and the "
                         "answers are safe. Close and reopen the program (the answers come "
                         "back) and try again; if it fails again, pass the technical line "
                         "below to support.\n\nTechnical: {detail}"},
    "export.unavailable": {"zh": "此版本未包含导出功能。", "en": "Export is not available in "
                                                              "this version."},
    "export.done": {"zh": "导出完成", "en": "Exported"},
    "export.open": {"zh": "已导出到：\n{path}\n\n现在打开吗？",
                    "en": "Saved to:\n{path}\n\nOpen it now?"},
    "export.open_file": {"zh": "打开文件(&O)", "en": "&Open the file"},
    "export.open_folder": {"zh": "打开所在文件夹(&F)", "en": "Open the &folder"},
    "export.no_open": {"zh": "无法打开", "en": "Cannot open the file"},
    "export.no_open_text": {
        "zh": "系统没有找到能打开此文件的程序（{kind} 文件）。文件已保存在：\n{folder}\n"
              "请在该文件夹中用相应的程序打开它。",
        "en": "The system has no program to open this file ({kind} file). It is saved in:\n"
              "{folder}\nOpen it from that folder with a suitable program."},
    "export.basename": {"zh": "政策自评结果", "en": "policy-self-check"},  # (a case's name)
    # files
    "file.filter": {"zh": "自评案例 (*.pscase *.json)",
                    "en": "Assessment case (*.pscase *.json)"},
    "file.open_title": {"zh": "打开自评案例", "en": "Open an assessment case"},
    "file.save_title": {"zh": "自评案例另存为", "en": "Save the assessment case as"},
    "file.open_failed": {"zh": "无法打开", "en": "Cannot open"},
    "file.save_failed": {"zh": "无法保存", "en": "Cannot save"},
    "file.bad_values": {"zh": "以下内容无效，已留空，请重新填写：",
                        "en": "These values were invalid and were left blank:"},
    "file.saved": {"zh": "已保存：{path}", "en": "Saved: {path}"},
    "file.saved_unaccepted": {"zh": "已保存：{path}（{n} 项输入有误，未计入评估，"
                                    "已随文件保存，可稍后修改）",
                              "en": "Saved: {path} ({n} entries not accepted are kept with the "
                                    "file to correct later; they are not assessed)"},
    "file.autosaved": {"zh": "已自动保存", "en": "Autosaved"},
    "file.base_changed": {"zh": "条款库已在其他窗口或命令行中更新，现改用{which}"
                                "（条款库版本 {version}）",
                          "en": "The clause base was changed elsewhere (another window or the "
                                "command line); now using {which} (clause base {version})"},
    "file.base_pack": {"zh": "更新包 {pack}", "en": "policy pack {pack}"},
    "file.base_bundled": {"zh": "随程序安装的条款库", "en": "the clause base installed with "
                                                      "the program"},
    "pack.fallback_title": {"zh": "条款库更新包无法读取", "en": "Policy pack unreadable"},
    "pack.fallback": {"zh": "已导入的条款库更新包无法读取（文件缺失或损坏），现用随程序安装的"
                            "条款库，结果和金额按内置条款计算。\n请通过 帮助 → 条款库 → "
                            "导入更新包… 重新导入该更新包。",
                      "en": "The imported policy pack cannot be read (its file is missing or "
                            "damaged). The clause base installed with the program is used, "
                            "and results and amounts follow it.\nImport the pack again: "
                            "Help → Clause base → Import update pack…"},
    # (asked before new, open, restore and a library case alike: not titled 新建自评)
    "unsaved.title": {"zh": "答案尚未保存", "en": "Unsaved answers"},
    "describe.unsaved_title": {"zh": "项目情况说明尚未保存", "en": "Description not saved"},
    "describe.unsaved": {"zh": "项目情况说明已修改，是否保存？",
                         "en": "The project description was changed. Save it?"},
    "btn.back_to_text": {"zh": "返回修改(&B)", "en": "&Back to the text"},
    "new.discard": {"zh": "当前答案尚未保存。要先保存吗？\n"
                          "选择“不保存”后，仍可在“文件 > 恢复放弃的答案”中找回，"
                          "直到下一次保存。",
                    "en": "The current answers are not saved. Save them first?\n"
                          "If you don't save, File > Restore discarded answers brings them "
                          "back until the next save."},
    "btn.save": {"zh": "保存(&S)", "en": "&Save"},
    "btn.dont_save": {"zh": "不保存(&D)", "en": "&Don't save"},
    "btn.resume": {"zh": "继续这次自评(&R)", "en": "&Resume"},
    "btn.not_now": {"zh": "不恢复(&N)", "en": "&Not now"},
    "menu.restore": {"zh": "恢复放弃的答案(&E)…", "en": "R&estore discarded answers…"},
    "restore.none": {"zh": "没有可以恢复的答案。", "en": "There are no discarded answers to "
                                                     "restore."},
    "resume.title": {"zh": "恢复上次的自评", "en": "Resume the last assessment"},
    "resume.text": {"zh": "发现上次未保存的自评（{name}，{n} 项答案，{when}）。要继续吗？\n"
                          "选择“不恢复”后，仍可在“文件 > 恢复放弃的答案”中找回。",
                    "en": "An unsaved assessment was found ({name}, answers: {n}, {when}). "
                          "Resume it?\nIf not, File > Restore discarded answers still brings "
                          "it back."},
    "resume.set_aside": {"zh": "上次自动保存的文件无法读取，已移到一旁保留：\n{path}\n原因：{why}",
                         "en": "An autosave could not be read and was set aside:\n{path}\n"
                               "Reason: {why}"},
    "resume.dropped": {"zh": "恢复的自评中有以下内容无效，已留空，请重新填写：",
                       "en": "These values of the resumed assessment were invalid and were "
                             "left blank:"},
    "resume.noname": {"zh": "未填企业名称", "en": "no company name"},
    "glossary.title": {"zh": "术语表", "en": "Glossary"},
    "clause.title": {"zh": "条款原文", "en": "Clause text"},
    "clause.verbatim": {"zh": "原文（逐字摘自政策文件）：",
                        "en": "Verbatim text of the policy (Chinese original):"},
    "about.text": {"zh": "政策自评助手 {version}\n条款库版本 {db}\n本工具离线运行，不联网。",
                   "en": "Policy Self-Check {version}\nClause database {db}\n"
                         "Runs offline; never connects to the network."},
}


def tr(key: str, lang: str = "zh", **params: Any) -> str:
    """The interface string `key` in `lang` (falls back to Chinese)."""
    entry = UI[key]
    text = entry.get(lang) or entry["zh"]
    n = params.get("n")
    if lang == "en" and isinstance(n, int) and "(s)" in text:
        # "1 item", "3 items": the count is always {n} where a word takes "(s)"
        text = text.replace("(s)", "" if n == 1 else "s")
    return text.format(**params) if params else text

