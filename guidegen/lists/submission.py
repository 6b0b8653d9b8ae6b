"""The submission tables of the policy texts: 附件1 州市保留, 附件2 行业系统保留, 附件3 不应出具.

Each column is a display text of some item fields; ``parse_*`` read a clerk's text back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic_core import PydanticCustomError

from guidegen.context import deadline_context
from guidegen.lists.cells import CellError, fold
from guidegen.model import Config, Item
from guidegen.validate import words
from guidegen.validate.rules import basis_key

RETAINED_HEADERS = ("序号", "证明名称", "主管部门", "法律法规依据", "出具时限", "办理用途")
NOT_ISSUED_HEADERS = ("序号", "证明名称", "办事途径")
GUIDE_HEADERS = ("工作表", "列", "填写要求")
CONFLICT_HEADERS = ("序号", "类型", "证明名称", "涉及地区", "说明")
SOURCE = "来源"


@dataclass(frozen=True)
class Attachment:
    """One submission table: its sheet, label in the letter, title and columns."""

    key: str  # municipal | sector | not-issued
    sheet: str
    label: str
    title: str
    headers: tuple[str, ...]

    def items(self, items: tuple[Item, ...]) -> list[Item]:
        """The items this table lists, in list order."""
        if self.key == "not-issued":
            return [i for i in items if not i.retained]
        return [i for i in items if i.retained and i.catalog == self.key]


ATTACHMENTS = (
    Attachment("municipal", "附件1 州市保留", "附件1", "州、市保留的村（居）民委员会出具证明事项清单",
               RETAINED_HEADERS),
    Attachment("sector", "附件2 行业系统保留", "附件2", "行业系统保留的村（居）民委员会出具证明事项清单",
               RETAINED_HEADERS),
    Attachment("not-issued", "附件3 不应出具", "附件3", "不应由村（居）民委员会出具证明事项清单",
               NOT_ISSUED_HEADERS),
)


def title(attachment: Attachment, config: Config, items: list[Item]) -> str:
    """The table's title: the region's own list, the batch of the not-issued list."""
    if attachment.key == "municipal" and config.region:
        return f"{config.region}保留的村（居）民委员会出具证明事项清单"
    batches = {i.batch for i in items}
    if attachment.key == "not-issued" and len(batches) == 1 and None not in batches:
        return f"{attachment.title}（{batches.pop()}）"
    return attachment.title


def basis_text(item: Item) -> str:
    """法律法规依据 as one line per article: 《法》第X条."""
    return "\n".join(f"《{b.law}》{b.article}" for b in item.legal_basis)


def deadline_text(item: Item) -> str:
    """出具时限: 当场办结 or N个工作日."""
    deadline = deadline_context(item)
    return deadline["label"] if deadline else ""


def row(attachment: Attachment, number: int, item: Item) -> list:
    """One table row for ``item``."""
    if attachment.key == "not-issued":
        return [number, item.name, item.route or ""]
    return [number, item.name, item.department or "", basis_text(item), deadline_text(item),
            "\n".join(item.purposes)]


def _lines(text: str) -> list[str]:
    parts = [p.strip() for p in text.split("\n")]
    if len(parts) == 1:  # typed on one line: 用途一；用途二
        parts = [p.strip() for p in re.split(r"[；;]", text)]
    return [p for p in parts if p]


def parse_basis(text: str, old: Item | None) -> list[dict]:
    """《法》第X条 per line (or separated by ；) → legal_basis, keeping the texts already quoted."""
    excerpts = {basis_key(b.law, b.article): b.excerpt for b in (old.legal_basis if old else ())}
    result = []
    for part in _lines(text):
        match = re.match(r"^[《<]?(.+?)[》>]\s*(\S.*)$", part) or re.match(r"^(.+?)\s*(第.+)$", part)
        if not match:
            raise CellError(f"“{part}”应写作《法律法规名称》第X条，多条依据分行填写")
        law, article = match.group(1).strip(), match.group(2).strip()
        entry = {"law": law, "article": article}
        excerpt = excerpts.get(basis_key(law, article))
        if excerpt:
            entry["excerpt"] = excerpt
        result.append(entry)
    return result


def parse_deadline(text: str) -> dict:
    """当场办结 / 即时办结 / N个工作日 / 五个工作日 / a bare 3 (working days) → deadline."""
    folded = fold(text)
    if re.fullmatch(r"[0-9]+(\.0+)?", folded):  # the number alone: days, as 出具时限 counts them
        return {"type": "working-days", "days": int(float(folded))}
    if folded.startswith("当场"):
        return {"type": "on-the-spot"}
    try:
        return words.deadline(folded)
    except PydanticCustomError as exc:
        match = re.search(r"(\d+)个?工作日", folded)
        if match:  # 5个工作日（自受理之日起）
            return {"type": "working-days", "days": int(match.group(1))}
        said = exc.message()  # 5天: it asks whether working days are meant
        raise CellError(said if not said.startswith("无法识别") else
                        f"“{text}”应写作“当场办结”或“5个工作日”") from None


def parse_purposes(text: str) -> list[str]:
    """One purpose per line (or separated by ；)."""
    return _lines(text)


# Column → (item field, parser(text, old item)); 序号 is only the row's number on paper.
FIELDS = {
    "证明名称": ("name", lambda text, old: text),
    "主管部门": ("department", lambda text, old: text),
    "法律法规依据": ("legal_basis", parse_basis),
    "出具时限": ("deadline", lambda text, old: parse_deadline(text)),
    "办理用途": ("purposes", lambda text, old: parse_purposes(text)),
    "办事途径": ("route", lambda text, old: text),
}
