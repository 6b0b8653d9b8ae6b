"""Chinese names of every item field as a workbook column, and of its coded values.

Every field of ``guidegen.model.Item`` (nested ones by dotted path) needs a label here:
a field added to the model without one fails ``tests/test_lists_schema.py``, so whoever
adds a field also names its column.
"""

from __future__ import annotations

MAIN_SHEET = "事项"
ID = "编号"
NO = "序号"
GUIDE_SHEET = "填写说明"

# Dotted field path → column label; a list field's label also names its sheet.
COLUMNS = {
    "id": "编号",
    "name": "证明名称",
    "aliases": "别名",
    "status": "清单类别",
    "order": "排序",
    "batch": "批次",
    "route": "办事途径",
    "catalog": "清单目录",
    "department": "主管部门",
    "issuer": "出具主体",
    "purposes": "办理用途",
    "legal_basis": "法律法规依据",
    "legal_basis.law": "法律法规名称",
    "legal_basis.article": "条款",
    "legal_basis.excerpt": "条文内容",
    "deadline": "出具时限",
    "deadline.type": "出具时限类型",
    "deadline.days": "办结工作日",
    "legal_deadline": "法定时限",
    "legal_deadline.type": "法定时限类型",
    "legal_deadline.days": "法定时限工作日",
    "audience": "服务对象",
    "location": "办理地点",
    "office_hours": "办理时间",
    "channels": "办理方式",
    "result_name": "结果名称",
    "validity": "有效期",
    "conditions": "受理条件",
    "materials": "申请材料",
    "materials.name": "材料名称",
    "materials.copies": "份数",
    "materials.original": "是否原件",
    "materials.source": "来源渠道",
    "materials.requirement": "材料要求",
    "materials.note": "材料说明",
    "procedure": "办理程序",
    "procedure.title": "步骤名称",
    "procedure.actor": "办理主体",
    "procedure.detail": "办理内容",
    "verification": "需要调查核实",
    "public_interest": "涉及公共利益",
    "fee": "收费",
    "form": "证明式样",
    "form.title": "证明式样标题",
    "form.text": "证明式样正文",
    "form.fields": "证明式样填写项",
    "form.fields.key": "键名",
    "form.fields.label": "填写项名称",
    "form.fields.width": "空白宽度",
    "commitment": "告知承诺",
    "commitment.obligation": "承诺·证明义务",
    "commitment.content": "承诺·证明内容",
    "commitment.liability": "承诺·法律责任",
    "commitment.verification": "承诺·核查方式",
    "faq": "常见问题",
    "faq.question": "问题",
    "faq.answer": "解答",
}

# Coded values (pydantic Literal) as clerks write them, by dotted field path.
VALUES = {
    "status": {"retained": "保留", "not-issued": "不应出具"},
    "catalog": {"municipal": "州市保留", "sector": "行业系统保留"},
    "deadline.type": {"on-the-spot": "当场办结", "working-days": "限时办结"},
    "legal_deadline.type": {"on-the-spot": "当场办结", "working-days": "限时办结"},
    "channels": {"counter": "窗口办理", "online": "网上办理", "mail": "邮寄办理"},
}

YES, NO_ = "是", "否"
TRUE_WORDS = {"是", "true", "yes", "y", "1", "√", "✓", "需要", "有"}
FALSE_WORDS = {"否", "false", "no", "n", "0", "×", "✗", "不需要", "无"}

# Header texts offices use for the same columns (folded: no spaces, ASCII brackets).
HEADER_SYNONYMS = {
    "证明事项名称": "证明名称", "事项名称": "证明名称", "证明事项": "证明名称", "名称": "证明名称",
    "设定依据": "法律法规依据", "法律依据": "法律法规依据", "法律法规及政策依据": "法律法规依据",
    "依据": "法律法规依据", "政策依据": "法律法规依据", "法律法规政策依据": "法律法规依据",
    "办理时限": "出具时限", "承诺时限": "出具时限", "办结时限": "出具时限", "时限": "出具时限",
    "主管单位": "主管部门", "行业主管部门": "主管部门", "主管机关": "主管部门",
    "用途": "办理用途", "证明用途": "办理用途", "办事途径或替代方式": "办事途径", "替代方式": "办事途径",
    "办理途径": "办事途径", "取消后办事途径": "办事途径", "取消后的办事途径": "办事途径", "证明材料名称": "证明名称",
    "序": "序号", "编码": "编号", "事项编号": "编号",
}
