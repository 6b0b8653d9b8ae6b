"""Typed, immutable models of the project config and certificate items (no I/O).

The schema checks shape and types only; rules that depend on ``status`` or on
other items live in ``rules.py`` so that every problem is collected at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

from guidegen.validate import words

MAX_TEXT = 20_000
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
FIELD_KEY_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(words.one_line)]
# Booleans, counts and dates also as clerks write them (是/否, ５, 2026年11月1日): see words.py.
Flag = Annotated[bool, BeforeValidator(words.flag)]
OriginalFlag = Annotated[bool, BeforeValidator(words.original_flag)]
Day = Annotated[dt.date, BeforeValidator(words.day)]


def _count(low: int, high: int):
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(words.whole_number)]
FontName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r'^[^"\'\\<>;{}]+$')]


class Frozen(BaseModel):
    """Base for every model: immutable, unknown keys rejected, strings trimmed."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def share_storage(self) -> None:
        """Let this model and those inside it share equal field-name sets and strings.

        pydantic gives every instance its own set of set-field names (~4.7 KB of an
        item's ~15 KB), and items repeat many texts (laws, actors, materials); a build
        holds every item. Frozen models never change either, so equal ones can be one.
        """
        names = frozenset(self.__pydantic_fields_set__)
        object.__setattr__(self, "__pydantic_fields_set__", _SHARED.setdefault(names, names))
        fields = self.__dict__
        for key, value in fields.items():
            if isinstance(value, str):
                fields[key] = _SHARED.setdefault(value, value)
            elif isinstance(value, tuple) and value and isinstance(value[0], str):
                fields[key] = tuple(_SHARED.setdefault(v, v) for v in value)
            else:
                for child in value if isinstance(value, tuple) else (value,):
                    if isinstance(child, Frozen):
                        child.share_storage()


_SHARED: dict = {}  # one instance per distinct field-name set or string of loaded items


class LegalBasis(Frozen):
    """One 法律法规依据: the law, the article and (optionally) its text."""

    law: Name
    article: Name
    excerpt: Text = ""

    @field_validator("law")
    @classmethod
    def _bare_title(cls, value: str) -> str:
        # Templates add the 《》 themselves; accept either spelling from clerks.
        return value.removeprefix("《").removesuffix("》")


class Deadline(Frozen):
    """出具时限: on the spot, or within N working days."""

    type: Literal["on-the-spot", "working-days"]
    days: Annotated[int, BeforeValidator(words.whole_number)] | None = None


class Material(Frozen):
    """One 申请材料 row."""

    name: Name
    copies: _count(1, 99) = 1
    original: OriginalFlag = True
    note: Text = ""
    source: Text = ""  # 来源渠道: who provides it (申请人自备, 公安机关…)
    requirement: Text = ""  # 要求: what the material must satisfy


class Step(Frozen):
    """One 办理程序 step."""

    title: Name
    actor: Text = ""
    detail: Text = ""


class FormField(Frozen):
    """One blank in the certificate specimen."""

    key: Annotated[str, StringConstraints(pattern=FIELD_KEY_PATTERN)]
    label: Name
    width: _count(1, 40) = 8


class Form(Frozen):
    """证明式样: the certificate text with ``{key}`` placeholders."""

    title: Name
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    fields: tuple[FormField, ...] = ()

    def placeholders(self) -> list[str]:
        """Placeholder keys in order of appearance."""
        return PLACEHOLDER.findall(self.text)


class Question(Frozen):
    """One 常见问题 entry."""

    question: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    answer: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]


CHANNELS = {"counter": "窗口办理", "online": "网上办理", "mail": "邮寄办理"}
Channel = Literal["counter", "online", "mail"]


class Commitment(Frozen):
    """告知承诺 content: what the applicant commits to instead of a certificate."""

    obligation: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    content: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    liability: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    verification: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]


class Item(Frozen):
    """A certificate item, retained (保留) or no longer issued (不应出具)."""

    id: Annotated[str, StringConstraints(pattern=ID_PATTERN), BeforeValidator(words.file_id)]
    name: Name
    aliases: tuple[Name, ...] = ()
    status: Literal["retained", "not-issued"]
    order: _count(1, 100_000) | None = None
    batch: Name | None = None
    route: Text | None = None
    catalog: Literal["municipal", "sector"] | None = None
    department: Name | None = None
    issuer: Name | None = None
    purposes: tuple[Name, ...] = ()
    legal_basis: tuple[LegalBasis, ...] = ()
    deadline: Annotated[Deadline, BeforeValidator(words.deadline)] | None = None  # 承诺时限: what the committee commits to
    legal_deadline: Annotated[Deadline, BeforeValidator(words.deadline)] | None = None  # 法定时限: what the law allows at most
    audience: Text = ""  # 服务对象
    location: Text = ""  # 办理地点 of the issuing committee
    office_hours: Text = ""  # 办理时间 of the issuing committee
    channels: tuple[Channel, ...] = ()  # 办理方式
    result_name: Name | None = None  # 结果名称 (the form's title when absent)
    validity: Text = ""  # 有效期 of the certificate
    conditions: tuple[Text, ...] = ()
    materials: tuple[Material, ...] = ()
    procedure: tuple[Step, ...] = ()
    verification: Flag = False
    public_interest: Flag = False
    fee: Name = "不收费"
    form: Form | None = None
    commitment: Commitment | None = None
    faq: tuple[Question, ...] = ()  # 常见问题

    @property
    def retained(self) -> bool:
        """True for items committees still issue."""
        return self.status == "retained"

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


class Contact(Frozen):
    """Contact details printed on every guide."""

    phone: Text = ""
    complaint_phone: Text = ""
    address: Text = ""
    hours: Text = ""


URL_PATTERN = r"^(https?://[^\s<>\"'{}|\\^`]+)?$"  # or empty


class Supervision(Frozen):
    """监督与纠正: where residents report a department that still asks for a certificate."""

    unit: Text = ""  # 受理单位
    hotline: Text = ""  # 监督电话
    url: Annotated[str, StringConstraints(max_length=2000, pattern=URL_PATTERN)] = ""  # 网址
    # The transition rule residents are told, quoted from the policy text that applies
    # (the default: document/supervision.py, from the sample's 辽民发〔2020〕52号).
    transition: Text = ""
    transition_source: Text = ""  # the quoted document, e.g. 《……实施意见》（辽民发〔2020〕52号）


class Fonts(Frozen):
    """Official font names per role (written into DOCX, first in CSS stacks)."""

    title: FontName = "方正小标宋简体"
    body: FontName = "仿宋_GB2312"
    heading1: FontName = "黑体"
    heading2: FontName = "楷体_GB2312"
    number: FontName = "Times New Roman"


BaseUrl = Annotated[str, StringConstraints(max_length=500, pattern=r"^(https?://[^\s<>\"']+)?$")]


class Config(Frozen):
    """Project settings from ``guidegen.yaml``; every key optional."""

    title: Name = "村（居）民委员会出具证明事项办事指南"
    authority: Name = "民政局"
    region: Text = ""
    published: Day = dt.date(2026, 1, 1)
    # The published site's address: canonical links, sitemap.xml and open data use it.
    base_url: BaseUrl = ""
    contact: Contact = Contact()
    supervision: Supervision = Supervision()
    # The guide booklet, the form book and the poster (downloads/): each is laid out from
    # every item again, which costs a full build's PDF time a second time on large sets.
    booklets: Flag = True
    fonts: Fonts = Fonts()
    data: Text = "data/items"


class Region(Frozen):
    """``data/regions/<地区>/region.yaml``: a city's own settings over the province's."""

    name: Name  # the city, e.g. 沈阳市: the config's ``region``
    authority: Name
    contact: Contact = Contact()  # only the fields given replace the province's
    published: Day | None = None  # the same words as the config and item files (是/否, dates)
    title: Name | None = None
    base_url: BaseUrl | None = None
    supervision: Supervision = Supervision()  # only the fields given replace the province's
    booklets: Flag | None = None
    # Province retained items this city does not keep (never a not-issued one).
    drop: tuple[Annotated[str, StringConstraints(pattern=ID_PATTERN)], ...] = ()


ITEM_KEYS = tuple(Item.model_fields)
