"""Turn loaded YAML into models, translating pydantic errors into Chinese Problems."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from guidegen.errors import Problem
from guidegen.fieldnames import LABELS
from guidegen.load import syntax
from guidegen.load.parse import Document, dotted

M = TypeVar("M", bound=BaseModel)

# Chinese words clerks write for the English code values.
VALUE_HINTS = {
    "保留": "retained", "保留事项": "retained", "不应出具": "not-issued", "取消": "not-issued",
    "不应由村（居）民委员会出具": "not-issued", "州市保留": "municipal", "行业系统保留": "sector",
    "当场办结": "on-the-spot", "限时办结": "working-days",
    "窗口": "counter", "窗口办理": "counter", "网上": "online", "网上办理": "online",
    "邮寄": "mail", "邮寄办理": "mail",
}

# Lists of plain words, where "a、b" is one slip away from [a, b].
TEXT_LISTS = ("aliases", "purposes", "channels", "conditions", "drop")

_TYPE_MESSAGES = {
    "string_type": "应为文本",
    "list_type": "应为列表（每项以“- ”开头）",
    "tuple_type": "应为列表（每项以“- ”开头）",
    "dict_type": "应为键值对（映射）",
    "model_type": "应为键值对（映射）",
    "model_attributes_type": "应为键值对（映射）",
    "bool_type": "应填“是”或“否”",
    "bool_parsing": "应填“是”或“否”",
    "int_type": "应为整数",
    "int_parsing": "应为整数（阿拉伯数字）",
    "int_from_float": "应为整数（不能有小数）",
    "date_type": "应为日期，格式如 2026-11-01",
    "date_from_datetime_parsing": "应为日期，格式如 2026-11-01",
    "date_parsing": "应为日期，格式如 2026-11-01",
}


def _label(loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return f"{part}（{LABELS[part]}）" if part in LABELS else part
    return ""


def _message(err: dict, model: type[BaseModel], loc) -> str:
    text = _plain_message(err, model, loc)
    value = err.get("input")
    hidden = sorted(set(syntax.HIDDEN.findall(value)), key=value.index) if isinstance(value, str) else []
    if hidden and _shows_value(err["type"]):
        # "retained" with a zero-width space looks right: say what is in it.
        text += f"（其中含有{'、'.join(syntax.shown(ch) for ch in hidden)}，请删除后重新输入）"
    # (Chinese commas between list items get their own hint, see _list_example.)
    wide = (sorted({ch for ch in value if 0xFF01 <= ord(ch) <= 0xFF5E and ch not in "，；"}, key=value.index)
            if isinstance(value, str) else [])
    if wide and err["type"] in ("literal_error", "string_pattern_mismatch"):
        # not－issued, ｋｉｎｓｈｉｐ: typed in the input method's full-width mode
        shown = "、".join(syntax.shown(ch) for ch in wide[:3])
        text += (f"（其中有全角字符 {shown}，请切换到半角输入，"
                 f"写作 {unicodedata.normalize('NFKC', value).strip()}）")
    return text


def _shows_value(kind: str) -> bool:
    """Errors where the value itself is wrong (not its type or presence)."""
    return kind in ("literal_error", "string_pattern_mismatch", "zh_words")


def _list_example(value: str, loc) -> str:
    """``counter，online`` or ``窗口、网上`` for a list field: ``channels: [counter, online]``."""
    parts = [p.strip() for p in re.split("[，、,；;]", value.strip()) if p.strip()]
    field = loc[-1] if loc and isinstance(loc[-1], str) else "字段"
    return f"{field}: [{', '.join(VALUE_HINTS.get(p, p) for p in parts)}]"


def _list_form(value: str, loc) -> str:
    """Why a text is not the list the field wants, and the list to write instead."""
    marks = "".join(dict.fromkeys(re.findall("[，、；]", value)))
    said = f"（{'、'.join(f'“{m}”' for m in marks)}不能分隔列表项）" if marks else ""
    return f"应为列表{said}：请写作 {_list_example(value, loc)}，或每项一行、以“- ”开头"


def _plain_message(err: dict, model: type[BaseModel], loc) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "zh_words":  # already Chinese, with the right spelling (words.py)
        return err["msg"]
    if (kind in ("list_type", "tuple_type") and isinstance(err.get("input"), str)
            and loc and loc[-1] in TEXT_LISTS and re.search("[，、,；;]", err["input"])):
        return _list_form(err["input"], loc)
    if kind == "missing":
        return f"缺少必填字段 {_label(loc)}"
    if err.get("input") is None and (kind.endswith("_type") or kind.endswith("_parsing")):
        return "不能为空（没有填写内容）"
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), _siblings(model, loc))
    value = err.get("input")
    if kind == "string_type" and (isinstance(value, list) or isinstance(value, dict) and value
                                  and all(v is None for v in value.values())):
        # 批次: {第一批} or [第一批]: YAML read the brackets as a mapping or a list.
        brackets = "花括号 { } " if isinstance(err["input"], dict) else "方括号 [ ] "
        return f"应为文本：{brackets}在 YAML 中有特殊含义，文字中要用括号请给整个值加引号，或改用中文括号"
    if kind in ("model_type", "model_attributes_type") and isinstance(value, str) and value.strip():
        keys = _siblings(model, (*loc, ""))  # "- 申请" where {title, actor, detail} was meant
        if keys:
            return (f"应为键值对（映射）：“{value.strip()[:20]}”要写在键后面，如 {keys[0]}: {value.strip()[:20]}"
                    f"（可用的键：{'、'.join(keys)}）")
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    if kind == "literal_error":
        text = f"取值无效，应为以下之一：{ctx.get('expected', '').replace(' or ', '、')}"
        value = err.get("input")
        if isinstance(value, str) and value.strip() in VALUE_HINTS:
            text += f"（“{value.strip()}”请写作 {VALUE_HINTS[value.strip()]}）"
        elif isinstance(value, str) and f"'{value.strip().lower()}'" in ctx.get("expected", ""):
            text += f"（要用小写字母：“{value.strip()}”请写作 {value.strip().lower()}）"
        elif isinstance(value, str) and re.search("[，、；]", value) and len(loc) > 1 and isinstance(loc[-1], int):
            # [counter，online]: one item, because only a half-width comma separates items
            text += f"（列表项之间要用半角逗号“,”分隔，请写作 {_list_example(value, loc[:-1])}）"
        return text
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_too_long":
        return f"内容过长，最多 {ctx.get('max_length')} 个字符"
    if kind == "string_pattern_mismatch":
        return _pattern_message(loc)
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}"
    return f"取值无效（{err.get('msg', kind)}）"


def _pattern_message(loc) -> str:
    last = loc[-1] if loc else ""
    if last == "id":
        return "编号只能由小写英文字母、数字和连字符组成，以字母或数字开头，最长 64 个字符（如 guardian-designation）"
    if last == "url":
        return "网址应以 http:// 或 https:// 开头，中间不能有空格（如 https://www.example.gov.cn/jiandu/）"
    if last == "base_url":
        return "网站地址应以 http:// 或 https:// 开头且不含空格，如 https://zwfw.example.gov.cn/zhengming/"
    if last == "key":
        return "键名只能由小写英文字母、数字和下划线组成，以字母开头（如 applicant_name）"
    return "字体名称不能包含引号、尖括号、分号或花括号"


def _siblings(model: type[BaseModel], loc) -> list[str]:
    """Field names valid at the mapping that holds ``loc[-1]``."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _inner_model(info.annotation) if info else None
    return list(current.model_fields) if current else []


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _unknown_key(key: str, valid: list[str]) -> str:
    text = f"未知字段“{key}”"
    if key != key.lower() and key.strip().lower() in valid:  # Id, Name: keys are lower case
        return f"{text}：键名要用小写字母，请写作 {key.strip().lower()}"
    english = [k for k in valid if LABELS.get(k) == key.strip()]
    if english:  # 备注: for note — the Chinese name of a key, typed as the key
        return f"{text}：键名要写英文，“{key.strip()}”请写作 {english[0]}"
    if re.search("[\u3400-\u9fff]", key):
        text += "：键名要写英文"
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    if close:
        return f"{text}，是否应为“{close[0]}”？"
    return f"{text}，允许的字段：{'、'.join(valid)}" if valid else text


def build(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` against ``model``; return the model or the problems."""
    if not isinstance(doc.data, dict):
        found = "空文件" if doc.data is None else ("列表" if isinstance(doc.data, list) else "单个值")
        return None, [Problem(doc.path, 1, "", f"文件内容应为键值对（映射），实际是{found}")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            problems.append(Problem(doc.path, doc.line_of(loc), dotted(loc), _message(err, model, loc)))
        return None, problems
