"""What changed in the published set between two builds (or two data folders)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from guidegen.context import deadline_context
from guidegen.incremental.state import BuildState
from guidegen.model import Item

if TYPE_CHECKING:
    from guidegen.project import Project

STATUS = {"retained": "保留清单", "not-issued": "不应出具清单"}
FIELDS = {  # compared fields, in report order, with their Chinese names
    "name": "证明名称", "aliases": "别名", "status": "清单", "route": "办事途径",
    "issuer": "出具主体", "department": "主管部门", "purposes": "办理用途",
    "legal_basis": "法律法规依据", "deadline": "出具时限", "materials": "申请材料",
    "procedure": "办理程序", "fee": "收费", "public_interest": "议事协商",
    "commitment": "告知承诺", "form": "证明式样",
}


def summarize(item: Item) -> dict[str, str]:
    """The fields a reader of the change report cares about, as display strings."""
    deadline = deadline_context(item)
    return {
        "name": item.name,
        "aliases": "、".join(item.aliases),
        "status": STATUS[item.status],
        "route": item.route or "",
        "issuer": item.issuer or "",
        "department": item.department or "",
        "purposes": "；".join(item.purposes),
        "legal_basis": "；".join(f"《{b.law}》{b.article}" for b in item.legal_basis),
        "deadline": deadline["label"] if deadline else "",
        "materials": "；".join(m.name for m in item.materials),
        "procedure": "→".join(s.title for s in item.procedure),
        "fee": item.fee if item.retained else "",
        "public_interest": ("需要" if item.public_interest else "不需要") if item.retained else "",
        "commitment": ("适用" if item.commitment else "不适用") if item.retained else "",
        "form": f"{item.form.title}：{item.form.text}" if item.form else "",
    }


@dataclass
class ChangeSet:
    """Items added, removed, moved between lists, and changed field by field."""

    date: str = ""
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    moved: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.changed)

    def to_dict(self) -> dict:
        """Plain data for the build state and the templates."""
        return asdict(self)

    def lines(self) -> list[str]:
        """The report as Chinese text lines."""
        out = [f"新增：{a['name']}（{a['list']}，编号 {a['id']}）" for a in self.added]
        out += [f"移除：{r['name']}（原{r['list']}，编号 {r['id']}）" for r in self.removed]
        out += [f"调整清单：{m['name']}：{m['old']} → {m['new']}" for m in self.moved]
        out += [f"修改：{c['name']} 的{c['label']}：“{_short(c['old'])}” → “{_short(c['new'])}”"
                for c in self.changed]
        return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compare(old: dict[str, dict], new: dict[str, dict], date: str = "") -> ChangeSet:
    """Compare two ``id → summarize()`` maps."""
    changes = ChangeSet(date=date)
    for item_id in sorted(new.keys() - old.keys()):
        changes.added.append({"id": item_id, "name": new[item_id]["name"],
                              "list": new[item_id]["status"]})
    for item_id in sorted(old.keys() - new.keys()):
        changes.removed.append({"id": item_id, "name": old[item_id]["name"],
                                "list": old[item_id]["status"]})
    for item_id in sorted(old.keys() & new.keys()):
        before, after = old[item_id], new[item_id]
        if before["status"] != after["status"]:
            changes.moved.append({"id": item_id, "name": after["name"],
                                  "old": before["status"], "new": after["status"]})
        for key, label in FIELDS.items():
            if key != "status" and before.get(key, "") != after.get(key, ""):
                changes.changed.append({"id": item_id, "name": after["name"], "label": label,
                                        "old": before.get(key, ""), "new": after.get(key, "")})
    return changes


def record_changes(project: Project, state: BuildState) -> ChangeSet:
    """Compare with the last published set; remember removed items for their tombstones."""
    summaries = {item.id: summarize(item) for item in project.items}
    date = project.config.published.isoformat()
    changes = compare(state.items, summaries, date)
    if changes:
        state.changes.append(changes.to_dict())
    for entry in changes.removed:
        state.removed[entry["id"]] = {"name": entry["name"], "list": entry["list"], "date": date}
    for item_id in summaries:
        state.removed.pop(item_id, None)
    state.items = summaries
    return changes
