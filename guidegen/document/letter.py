"""The 告知承诺书 in the national format: what the office tells, what the applicant promises."""

from __future__ import annotations

from guidegen.document.blocks import Doc, Heading, Para, Run, blank, labelled, para
from guidegen.document.text import DATE_BLANK, level1, level2, sentence
from guidegen.model import Item

METHOD = "书面承诺，以承诺替代证明。"
POWER = "行政机关有权依法核查，申请人应当予以配合。"
# The applicant's four commitments, in one paragraph: the letter stays on one sheet.
PROMISES = ("申请人郑重承诺：（1）已经知晓行政机关告知的全部内容；（2）自身符合行政机关告知的条件、"
            "标准和要求；（3）所提供的信息真实、准确、完整；（4）愿意接受行政机关的核查，"
            "并承担不实承诺的法律责任。")


def _told(item: Item) -> list[tuple[str, str]]:
    cm = item.commitment
    basis = "；".join(f"《{b.law}》{b.article}" for b in item.legal_basis) or "无"
    return [
        ("事项名称", item.name),
        ("证明名称", item.form.title if item.form else item.name),
        ("证明用途", "；".join(item.purposes) or "无"),
        ("设定依据", basis),
        ("证明义务", cm.obligation),
        ("证明内容", cm.content),
        ("承诺方式", METHOD),
        ("不实承诺的法律责任", cm.liability),
        ("核查方式", sentence(cm.verification) + POWER),
    ]


def letter(item: Item) -> Doc:
    """The letter of an item that accepts a commitment instead of the certificate."""
    blocks: list = [Heading(1, level1(1), "告知")]
    blocks += [labelled(f"{level2(n)}{label}：", sentence(text))
               for n, (label, text) in enumerate(_told(item), 1)]
    blocks.append(Heading(1, level1(2), "承诺"))
    blocks.append(para(PROMISES))
    blocks += [
        Para((Run("承诺人（签字）："), blank(6), Run("　联系电话："), blank(6)), "sign"),
        Para((Run("公民身份号码："), blank(16)), "sign"),
        Para((Run("代理人（签字）："), blank(6), Run("　联系电话："), blank(6)), "sign"),
        Para((Run("代理人公民身份号码："), blank(16)), "sign"),
        para("承诺日期：" + DATE_BLANK, "sign"),
        para(f"行政机关：{item.department}（盖章）", "sign"),
        para("受理日期：" + DATE_BLANK, "sign"),
        para("注：本告知承诺书一式两份，行政机关和申请人各执一份。", "note"),
    ]
    return Doc("letter", f"{item.name}告知承诺书", tuple(blocks), f"{item.name}证明事项告知承诺书")
