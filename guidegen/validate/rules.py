"""Policy rules across fields and items, drawn from the provincial implementation opinions."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from guidegen.errors import WARNING, Problem
from guidegen.load.parse import Document, Loc, PackedDocument, dotted, strings
from guidegen.document.form import fits_one_page
from guidegen.model import ITEM_KEYS, PLACEHOLDER, Deadline, Item
from guidegen.validate import lookalike, proofread, samename, slips

CONSULTATION = "议事协商"
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
RETAINED_ONLY = ("catalog", "department", "issuer", "purposes", "legal_basis", "deadline",
                 "conditions", "materials", "procedure", "form", "commitment")


@dataclass(frozen=True)
class Loaded:
    """An item model together with the document it came from (for line numbers)."""

    item: Item
    doc: Document | PackedDocument


def _at(entry: Loaded, loc: Loc, message: str, severity: str = "error") -> Problem:
    return Problem(entry.doc.path, entry.doc.line_of(loc), dotted(loc), message, severity)


REQUIRED = {
    "retained": ("catalog", "department", "issuer", "purposes", "legal_basis", "deadline",
                 "procedure", "form"),
    "not-issued": ("route",),
}


def check_raw(doc: Document, reported: set[str]) -> list[Problem]:
    """For an item the schema rejected: the keys its status requires that are missing.

    The full rules need a model; this keeps one run reporting everything it can.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    status = data.get("status") if isinstance(data.get("status"), str) else None
    # A misspelt key (purpose for purposes) is already reported with the right spelling.
    typos = [k for k in data if k not in ITEM_KEYS]
    missing = [k for k in REQUIRED.get(status, ()) if data.get(k) in (None, "", [])
               and k not in reported and not difflib.get_close_matches(k, typos, n=1, cutoff=0.6)]
    label = "保留事项" if status == "retained" else "不应出具的事项"
    return [Problem(doc.path, doc.line_of((k,)), k, f"{label}必须填写该字段") for k in missing]


def check_item(entry: Loaded) -> list[Problem]:
    """Rules that need only one item: which keys its status requires."""
    item = entry.item
    found = list(_retained_rules(entry) if item.retained else _not_issued_rules(entry))
    found += proofread.check(entry.doc.path, entry.doc.data, entry.doc.line_of)
    return (found + list(_bidi_warnings(entry)) + list(_lookalike_warnings(entry))
            + slips.warnings(entry.doc))


def _bidi_warnings(entry: Loaded) -> Iterable[Problem]:
    """Direction overrides are valid text, output as typed, but almost always pasted by accident."""
    if not BIDI_CONTROLS.search(json.dumps(entry.doc.data, ensure_ascii=False)):  # C-speed check
        return
    for loc, text in strings(entry.doc.data):
        found = sorted(set(BIDI_CONTROLS.findall(text)))
        if found:
            codes = "、".join(f"U+{ord(ch):04X}" for ch in found)
            yield _at(entry, loc, f"含有双向文字控制字符 {codes}（多为从网页或聊天记录粘贴带入），"
                                  "本字段中其后的文字会倒序显示；如非有意请删除", WARNING)


def _lookalike_warnings(entry: Loaded) -> Iterable[Problem]:
    """Radicals and compatibility ideographs in searched text print the same but never match."""
    item = entry.item
    named: list[tuple[Loc, str | None]] = [
        (("name",), item.name), *((("aliases", i), a) for i, a in enumerate(item.aliases)),
        *((("purposes", i), p) for i, p in enumerate(item.purposes)), (("department",), item.department),
        (("issuer",), item.issuer), (("result_name",), item.result_name), (("route",), item.route),
        (("form", "title"), item.form.title if item.form else None)]
    for loc, text in named:
        message = lookalike.warning(text or "")
        if message:
            yield _at(entry, loc, message, WARNING)


def _retained_rules(entry: Loaded) -> Iterable[Problem]:
    item, given = entry.item, entry.doc.data
    for key, label in (("catalog", "清单目录（municipal 州市保留 / sector 行业系统保留）"),
                       ("department", "主管部门"), ("issuer", "出具主体"),
                       ("deadline", "出具时限"), ("form", "证明式样")):
        if getattr(item, key) is None:
            yield _at(entry, (key,), f"保留事项必须填写{label}")
    if not item.purposes:
        yield _at(entry, ("purposes",), "保留事项至少需要一项办理用途")
    if not item.legal_basis:
        yield _at(entry, ("legal_basis",),
                  "保留事项必须有明确的法律法规依据（至少一条，含 law 和 article）")
    if len(item.procedure) < 2:
        yield _at(entry, ("procedure",), "办理程序至少需要 2 个步骤")
    if "batch" in given:
        yield _at(entry, ("batch",), "批次（batch）只用于不应出具的事项")
    if "route" in given:
        yield _at(entry, ("route",), "办事途径（route）只用于不应出具的事项", WARNING)
    yield from _deadline_rules(entry)
    yield from _form_rules(entry)
    if item.form is not None and item.issuer and not fits_one_page(item):
        yield _at(entry, ("form", "text"), "证明正文过长，表单（证明和存根）排不进一页 A4 纸；"
                                           "请精简正文或减少填写项宽度", WARNING)
    if item.public_interest and not any(
        CONSULTATION in f"{step.title}{step.detail}" for step in item.procedure
    ):
        yield _at(entry, ("procedure",),
                  "涉及公共利益的事项应有“议事协商”步骤，并经负责人签字后出具", WARNING)


def _deadline_rules(entry: Loaded) -> Iterable[Problem]:
    item = entry.item
    for key in ("deadline", "legal_deadline"):
        deadline = getattr(item, key)
        if deadline is None:
            continue
        if deadline.type == "working-days":
            if deadline.days is None:
                yield _at(entry, (key, "days"), "限时办结（working-days）必须填写工作日天数 days")
            elif not 1 <= deadline.days <= 60:
                yield _at(entry, (key, "days"), "工作日天数应在 1 到 60 之间")
        elif deadline.days is not None:
            yield _at(entry, (key, "days"), "当场办结（on-the-spot）不需要填写 days")
    legal = item.legal_deadline
    if item.deadline and legal and (legal.type == "on-the-spot" or legal.days) and \
            _days(item.deadline) > _days(legal):
        yield _at(entry, ("deadline",), "出具时限（承诺时限）不能长于法定时限 legal_deadline")


def _days(deadline: Deadline) -> int:
    return 0 if deadline.type == "on-the-spot" else deadline.days or 0


def _form_rules(entry: Loaded) -> Iterable[Problem]:
    form = entry.item.form
    if form is None:
        return
    declared = [f.key for f in form.fields]
    used = form.placeholders()
    for key in sorted(set(declared)):
        if declared.count(key) > 1:
            yield _at(entry, ("form", "fields"), f"填写项“{key}”重复声明")
    for key in dict.fromkeys(used):
        if key not in declared:
            yield _at(entry, ("form", "text"),
                      f"正文中的占位符 {{{key}}} 没有在 fields 中声明")
    for index, key in enumerate(declared):
        if key not in used:
            wide = f"\uff5b{key}\uff5d" in form.text  # ｛key｝ typed with full-width braces
            yield _at(entry, ("form", "fields", index, "key"),
                      f"填写项“{key}”在正文中没有使用（应写作 {{{key}}}）" if not wide else
                      f"正文中的“｛{key}｝”用了全角花括号“｛”（U+FF5B）和“｝”（U+FF5D），"
                      f"不是填写处；请切换到半角输入，写作 {{{key}}}")
    rest = _strip_placeholders(form.text)
    if "{" in rest or "}" in rest:
        yield _at(entry, ("form", "text"), "正文中有不成对的花括号 { }")


def _strip_placeholders(text: str) -> str:
    return PLACEHOLDER.sub("", text)


def _not_issued_rules(entry: Loaded) -> Iterable[Problem]:
    item, given = entry.item, entry.doc.data
    if not (item.route or "").strip():
        yield _at(entry, ("route",), "不应出具的事项必须填写办事途径（route）")
    for key in RETAINED_ONLY:
        if key in given:
            yield _at(entry, (key,), f"“{key}”只用于保留事项，不应出具的事项会忽略它", WARNING)


def basis_key(law: str, article: str) -> tuple[str, str]:
    """A cited article compared loosely: full-width forms, spaces and 《》 do not count."""
    def fold(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip("《》<>")
    return fold(law), fold(article)


def _excerpt_conflicts(entries: list[Loaded]) -> Iterable[Problem]:
    """Two items quoting one law and article with different texts: one of them is wrong."""
    first: dict[tuple[str, str], tuple[Loaded, int, str]] = {}
    for entry in entries:
        for index, basis in enumerate(entry.item.legal_basis):
            text = basis_key(basis.excerpt, "")[0]
            if not text:
                continue
            key = basis_key(basis.law, basis.article)
            seen = first.setdefault(key, (entry, index, text))
            if seen[2] != text and seen[0] is not entry:
                other, at = seen[0], seen[0].doc.line_of(("legal_basis", seen[1], "excerpt"))
                yield _at(entry, ("legal_basis", index, "excerpt"),
                          f"《{basis.law}》{basis.article}的条文内容与 {other.doc.path}:{at} "
                          "引用的同一条款不一致，请核对原文后统一", WARNING)


def check_set(entries: list[Loaded]) -> list[Problem]:
    """Rules across items: unique ids, no name on both lists, one text per cited article."""
    problems: list[Problem] = []
    first_by_id: dict[str, Loaded] = {}
    for entry in entries:
        first = first_by_id.setdefault(entry.item.id, entry)
        if first is not entry:
            where = f"{first.doc.path}:{first.doc.line_of(('id',))}"
            problems.append(_at(entry, ("id",), f"编号“{entry.item.id}”与 {where} 重复"))
    # Compared as folded: "指定监护⼈证明" (a Kangxi radical) is still the same name.
    retained = {lookalike.fold(n): (n, e) for e in entries if e.item.retained for n in e.item.names}
    for entry in entries:
        if entry.item.retained:
            continue
        for index, name in enumerate(entry.item.names):
            if lookalike.fold(name) in retained:
                shown, other = retained[lookalike.fold(name)]
                loc: Loc = ("name",) if index == 0 else ("aliases", index - 1)
                text = f"“{name}”同时出现在保留清单（{other.doc.path}）和不应出具清单中"
                if shown != name:
                    text = (f"“{name}”与保留清单（{other.doc.path}）中的“{shown}”是同一名称"
                            f"（{lookalike.difference(name, shown)}），同一证明不能同时出现在"
                            "保留清单和不应出具清单中")
                problems.append(_at(entry, loc, text))
    problems += samename.same_names(entries)
    problems += _excerpt_conflicts(entries)
    return problems

