"""The project-wide documents: the not-issued notice and the seal-use register."""

from __future__ import annotations

from guidegen.document.blocks import Column, Doc, Para, Run, Table, blank, para
from guidegen.document import supervision
from guidegen.document.links import index_qr
from guidegen.document.text import chinese_date, deadline_label, sentence
from guidegen.model import Config, Item

NOTICE = (Column("no", "序号", 14, "center"), Column("name", "证明名称", 46),
          Column("route", "办事途径", 96))
REGISTER = (  # 156 mm at 五号; headers break where their line breaks (\n) are
    Column("no", "序号", 9, "center"), Column("date", "用印\n日期", 16),
    Column("item", "证明事项\n名称", 24), Column("applicant", "申请人", 14),
    Column("use", "用途", 20), Column("copies", "用印\n份数", 11, "center"),
    Column("approver", "审批人\n（签字）", 17), Column("keeper", "保管人\n（签字）", 17),
    Column("user", "用印人\n（签字）", 17), Column("note", "备注", 11),
)
REGISTER_ROWS = 15
RULE = ("注：印章使用实行审批、登记制度，每次用印逐项登记；印章使用的审批人与印章保管人"
        "不得为同一人。")


def display_name(item: Item) -> str:
    """The name with its other names: 婚姻状况证明（又称：婚姻关系证明、分居证明）."""
    return item.name + (f"（又称：{'、'.join(item.aliases)}）" if item.aliases else "")


def notice(items: tuple[Item, ...], config: Config) -> Doc:
    """不应由村（居）民委员会出具证明事项清单, with where residents go instead."""
    region = config.region
    blocks: list = [*index_qr(config), para(
        f"为进一步减轻基层负担、便利群众办事，{config.authority}对{region}村（居）民委员会出具证明事项"
        f"进行了清理。下列{len(items)}项证明事项不应由村（居）民委员会出具，村（居）民委员会不再受理、"
        "不再出具；办事群众可按照“办事途径”栏所列方式办理。")]
    rows = tuple((str(no), display_name(it), it.route or "") for no, it in enumerate(items, 1))
    blocks.append(Table("notice", NOTICE, rows or (("", "无", ""),), "不应出具证明事项清单"))
    c = config.contact
    phones = "；".join(f"{label}：{value}" for label, value in (
        ("咨询电话", c.phone), ("投诉电话", c.complaint_phone)) if value)
    if phones:
        blocks.append(para(sentence(phones)))
    blocks += supervision.list_blocks(config)
    blocks += [para(config.authority, "right"), para(chinese_date(config), "right")]
    return Doc("notice", "不应由村（居）民委员会出具证明事项清单", tuple(blocks),
               f"{region}不应由村（居）民委员会出具证明事项清单（共{len(items)}项）")


RETAINED = (Column("no", "序号", 14, "center"), Column("name", "证明名称", 62),
            Column("department", "主管部门", 50), Column("deadline", "出具时限", 30, "center"))


def retained_list(items: tuple[Item, ...], config: Config) -> Doc:
    """村（居）民委员会出具证明事项清单: the retained list, for the 公众号 and 微博."""
    rows = tuple((str(no), display_name(it), it.department or "", deadline_label(it.deadline))
                 for no, it in enumerate(items, 1))
    blocks = [*index_qr(config), para(
        f"下列{len(items)}项证明事项由村（居）民委员会依法出具。申请材料、办理程序和证明式样见各事项的"
        "办事指南；其他证明事项，村（居）民委员会不予出具。"),
        Table("retained", RETAINED, rows or (("", "无", "", ""),), "村（居）民委员会出具证明事项清单"),
        para(config.authority, "right"), para(chinese_date(config), "right")]
    return Doc("retained", f"{config.region}村（居）民委员会出具证明事项清单", tuple(blocks),
               f"{config.region}村（居）民委员会出具证明事项清单（共{len(items)}项）")


def register(config: Config) -> Doc:
    """印章使用登记表: 15 numbered rows, the approver ≠ keeper rule stated above the table."""
    blocks = [
        Para((Run("村（居）民委员会："), blank(7), Run("　印章名称："), blank(5)), "flush"),
        para(RULE, "note"),
        Table("register", REGISTER,
              tuple((str(n),) + ("",) * (len(REGISTER) - 1) for n in range(1, REGISTER_ROWS + 1)),
              "印章使用登记表"),
    ]
    title = f"{config.region}村（居）民委员会印章使用登记表"
    return Doc("register", title, tuple(blocks), f"{config.region}村（居）民委员会出具证明印章使用登记表")
