"""The Chinese name of every data key: messages speak the clerk's language next to the key,
and a key typed in Chinese (备注) is told its English spelling (note)."""

# Chinese names of keys, so messages speak the clerk's language next to the key.
LABELS = {
    "id": "编号", "name": "证明名称", "aliases": "别名", "status": "清单类别", "order": "序号",
    "batch": "批次", "route": "办事途径", "catalog": "清单目录", "department": "主管部门",
    "issuer": "出具主体", "purposes": "办理用途", "legal_basis": "法律法规依据",
    "law": "法规名称", "article": "条款", "excerpt": "条文内容", "deadline": "出具时限",
    "type": "类型", "days": "工作日天数", "conditions": "受理条件", "materials": "申请材料",
    "copies": "份数", "original": "是否原件", "note": "备注", "procedure": "办理程序",
    "title": "标题", "actor": "办理主体", "detail": "办理内容", "verification": "调查核实",
    "public_interest": "涉及公共利益", "fee": "收费", "form": "证明式样", "text": "正文",
    "fields": "填写项", "key": "键名", "label": "名称", "width": "宽度",
    "commitment": "告知承诺", "obligation": "证明义务", "content": "证明内容",
    "liability": "法律责任", "authority": "发布机关", "region": "地区",
    "published": "发布日期", "base_url": "网站地址", "contact": "联系方式",
    "phone": "咨询电话", "complaint_phone": "投诉电话", "address": "地址", "hours": "办公时间",
    "fonts": "字体", "data": "数据目录", "body": "正文字体", "heading1": "一级标题字体",
    "heading2": "二级标题字体", "number": "数字字体",
    "legal_deadline": "法定时限", "audience": "服务对象", "location": "办理地点",
    "office_hours": "办理时间", "channels": "办理方式", "result_name": "结果名称",
    "validity": "有效期", "source": "来源渠道", "requirement": "要求", "faq": "常见问题",
    "question": "问题", "answer": "解答",
    "supervision": "监督与纠正", "unit": "受理单位", "hotline": "监督电话", "url": "网址",
    "transition": "过渡期规定", "transition_source": "过渡期规定出处", "booklets": "汇编和公示",
}


def english_keys(chinese: str) -> list[str]:
    """The keys whose Chinese name is ``chinese`` (备注 → note)."""
    return [key for key, label in LABELS.items() if label == chinese.strip()]
