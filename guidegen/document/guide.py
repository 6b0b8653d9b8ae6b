"""The 办事指南: the elements national 实施清单 practice lists, numbered once for every format."""

from __future__ import annotations

from guidegen.document import flowchart
from guidegen.document.blocks import Column, Doc, Heading, Table, para
from guidegen.document.form import specimen
from guidegen.document.links import item_qr
from guidegen.document.text import (
    chinese_date,
    deadline_label,
    excerpt_lines,
    level1,
    level2,
    numbered,
    sentence,
)
from guidegen.model import CHANNELS, Config, Item

CATALOGS = {"municipal": "州市保留", "sector": "行业系统保留"}
MATERIALS = (  # 156 mm: the text block's width
    Column("no", "序号", 12, "center"), Column("name", "材料名称", 38),
    Column("source", "来源渠道", 26), Column("form", "原件/复印件", 20, "center"),
    Column("copies", "份数", 12, "center"), Column("requirement", "要求", 48),
)
VERIFY = ("出具主体应当通过入户走访、查阅资料、邻里询问、信息比对等方式核实申请事项，如实记录核实情况；"
          "经核实不符合出具条件的，不予出具并说明理由。")
NO_VERIFY = "申请材料齐全、情况清楚的，依据掌握的情况当场出具证明。"
DELIBERATE = ("本证明事项涉及公共利益，出具前应当组织居民群众议事协商，经讨论同意并形成书面记录；"
              "出具的证明由村（居）民委员会负责人签字，并加盖村（居）民委员会印章。")


class _Outline:
    """Blocks in order, with level-1 and level-2 headings numbered as they are added."""

    def __init__(self):
        self.blocks: list = []
        self.h1_count = self.h2_count = 0

    def h1(self, title: str, anchor: str) -> None:
        self.h1_count, self.h2_count = self.h1_count + 1, 0
        self.blocks.append(Heading(1, level1(self.h1_count), title, f"sec-{anchor}"))

    def h2(self, title: str) -> None:
        self.h2_count += 1
        self.blocks.append(Heading(2, level2(self.h2_count), title))

    def add(self, *texts: str, style: str = "body") -> None:
        self.blocks += [para(t, style) for t in texts]


def materials(item: Item) -> Table:
    """申请材料 with 来源渠道 and 要求 (the note, when given, follows the requirement)."""
    rows = tuple(
        (str(no), m.name, m.source, "原件" if m.original else "复印件", str(m.copies),
         "；".join(t for t in (m.requirement, m.note) if t))
        for no, m in enumerate(item.materials, 1))
    return Table("materials", MATERIALS, rows, f"{item.name}申请材料")


def _basis(out: _Outline, item: Item) -> None:
    for b in item.legal_basis:
        lines = excerpt_lines(b.excerpt)
        head = f"《{b.law}》{b.article}"
        out.add(f"{head}：{lines[0]}" if lines else sentence(head))
        out.add(*lines[1:], style="item")


def _procedure(out: _Outline, item: Item) -> None:
    out.h2("办理步骤")
    out.add(*(sentence(f"{no}.{s.title}" + (f"（{s.actor}）" if s.actor else "")
                       + (f"：{s.detail}" if s.detail else ""))
              for no, s in enumerate(item.procedure, 1)))
    out.h2("办理流程图")
    out.blocks.append(flowchart.layout(item.name, item.procedure))


def _place(out: _Outline, item: Item) -> None:
    channels = "、".join(CHANNELS[c] for c in item.channels) or CHANNELS["counter"]
    out.add(f"办理地点：{item.location or item.issuer + '办公场所'}",
            f"办理时间：{item.office_hours or '法定工作日'}", f"办理方式：{channels}")


def _contact(out: _Outline, item: Item, config: Config) -> None:
    c = config.contact
    found = [f"{label}：{value}" for label, value in (
        ("咨询电话", c.phone), ("投诉电话", c.complaint_phone),
        ("咨询地址", c.address), ("咨询时间", c.hours)) if value]
    out.add(*(found or [f"请向{item.issuer}或者{config.authority}咨询。"]))


def guide(item: Item, config: Config) -> Doc:
    """The guide of a retained item."""
    out = _Outline()
    out.blocks += item_qr(config, item)  # under the title: read first, never alone on a page
    out.h1("事项名称", "name")
    out.add(item.name + (f"（又称：{'、'.join(item.aliases)}）" if item.aliases else ""))
    if item.catalog:
        out.add(f"事项类别：{CATALOGS[item.catalog]}")
    if item.audience:
        out.add(f"服务对象：{item.audience}")
    out.h1("出具主体", "issuer")
    out.add(item.issuer or "")
    out.h1("主管部门", "department")
    out.add(item.department or "")
    out.h1("办理用途", "purposes")
    out.add(*(numbered(item.purposes) or ["无。"]))
    out.h1("法律法规依据", "basis")
    _basis(out, item)
    out.h1("受理条件", "conditions")
    out.add(*(numbered(item.conditions) or ["无特殊条件。"]))
    out.h1("申请材料", "materials")
    if item.materials:
        out.blocks.append(materials(item))
    else:
        out.add("无需提交申请材料。")
    out.h1("办理程序", "procedure")
    _procedure(out, item)
    out.h1("办理时限", "deadline")
    legal = deadline_label(item.legal_deadline) or "法律法规未作规定"
    out.add(f"法定时限：{legal}。")
    promised = deadline_label(item.deadline)
    if item.deadline and item.deadline.type == "working-days":
        promised += "（限时办结），自受理之日起计算"
    out.add(f"承诺时限：{promised}。")
    out.h1("调查核实", "verification")
    out.add(("需要调查核实。" + VERIFY) if item.verification else ("无需调查核实。" + NO_VERIFY))
    if item.public_interest:
        out.h1("议事协商和负责人签字", "deliberation")
        out.add(DELIBERATE)
    out.h1("办理结果", "result")
    out.add(f"结果名称：{item.result_name or item.form.title}")
    if item.validity:
        out.add(f"有效期：{item.validity}")
    out.h1("收费标准", "fee")
    out.add(sentence(item.fee))
    if item.commitment:
        out.h1("告知承诺", "commitment")
        out.add(f"本事项实行证明事项告知承诺制。申请人可以自愿选择以书面承诺替代本证明，签署"
                f"《{item.name}告知承诺书》后，无需再提交本证明；不愿承诺或者无法承诺的，应当提交证明。"
                "申请人作出不实承诺的，依法承担相应法律责任。")
    out.h1("办理地点和时间", "place")
    _place(out, item)
    out.h1("咨询与投诉", "contact")
    _contact(out, item, config)
    if item.faq:
        out.h1("常见问题", "faq")
        for q in item.faq:
            out.h2(q.question)
            out.add(q.answer)
    # The sign-off ends the text, the specimen follows it like an attachment: kept with
    # the text it closes, the sign-off is never alone on a page (GB/T 9704 7.3.5), and a
    # specimen that does not fit moves to the next page whole.
    out.add(config.authority, chinese_date(config), style="right")
    out.h1("证明式样", "specimen")
    out.blocks.append(specimen(item))
    region = f"{config.region}村（居）民委员会出具证明事项：" if config.region else ""
    return Doc("guide", f"{item.name}办事指南", tuple(out.blocks), f"{region}{item.name}办事指南")

