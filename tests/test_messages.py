"""guidegen.validate.messages + model: shapes and types, reported in Chinese at the right line and field."""

from __future__ import annotations

import pytest
from conftest import DROP, dump, line_in, not_issued, retained

from guidegen.load.parse import load_text
from guidegen.model import Config, Item
from guidegen.validate import messages


def build(data, model=Item):
    text = data if isinstance(data, str) else dump(data)
    found, problems = messages.build(model, load_text(text, "items/a.yaml"))
    return text, found, [p.format() for p in problems]


def renamed(data: dict, old: str, new: str) -> dict:
    """Same mapping with one key renamed in place (keeps key order, so lines are stable)."""
    return {new if k == old else k: v for k, v in data.items()}


@pytest.mark.parametrize("data", [retained(), not_issued()], ids=["retained", "not-issued"])
def test_valid_items_build(data):
    _, item, problems = build(data)
    assert problems == [] and item.id == data["id"] and item.name == data["name"]


def test_model_normalises_and_defaults():
    _, item, _ = build(retained(fee=DROP, legal_basis=[{"law": "《中华人民共和国民法典》", "article": " 第三十一条 "}]))
    assert item.fee == "不收费"
    assert item.legal_basis[0].law == "中华人民共和国民法典" and item.legal_basis[0].article == "第三十一条"
    assert item.verification is True and item.deadline.days == 5 and item.form.fields[0].width == 8
    with pytest.raises(Exception):
        item.name = "改名"  # frozen


def test_template_syntax_in_data_is_kept_literally():
    _, item, problems = build(not_issued(name="{{ 7*7 }}证明", route="{% if true %}去派出所{% endif %}"))
    assert problems == []
    assert item.name == "{{ 7*7 }}证明" and "49" not in item.name
    assert item.route == "{% if true %}去派出所{% endif %}"


def test_unknown_key_suggests_the_right_one():
    text, _, problems = build(renamed(retained(), "purposes", "purpose"))
    line = line_in(text, r"^purpose:")
    assert problems == [f"items/a.yaml:{line}: purpose: 未知字段“purpose”，是否应为“purposes”？"]


@pytest.mark.parametrize("mutate, field, pattern, message", [
    (lambda d: d["legal_basis"][0].update(artcle=d["legal_basis"][0].pop("article")),
     "legal_basis[0].artcle", r"^  artcle:", "未知字段“artcle”，是否应为“article”？"),
    (lambda d: d["form"]["fields"][1].update(lable=d["form"]["fields"][1].pop("label")),
     "form.fields[1].lable", r"^    lable:", "未知字段“lable”，是否应为“label”？"),
    (lambda d: d["commitment"].update(liabilty="x"),
     "commitment.liabilty", r"^  liabilty:", "未知字段“liabilty”，是否应为“liability”？"),
    (lambda d: d["materials"][0].update(copy=2),
     "materials[0].copy", r"^  copy:", "未知字段“copy”，是否应为“copies”？"),
    (lambda d: d.update(colour="红"),
     "colour", r"^colour:", "未知字段“colour”，允许的字段：id、name、aliases、status、"),
])
def test_unknown_nested_keys(mutate, field, pattern, message):
    data = retained()
    mutate(data)
    text, _, problems = build(data)
    expected = f"items/a.yaml:{line_in(text, pattern)}: {field}: {message}"
    assert len([p for p in problems if p.startswith(expected)]) == 1, problems
    # the only other complaint allowed is the key the typo left missing
    assert all(p.startswith(expected) or "缺少必填字段" in p for p in problems), problems


@pytest.mark.parametrize("base", [retained, not_issued], ids=["retained", "not-issued"])
@pytest.mark.parametrize("key, label", [("id", "编号"), ("name", "证明名称"), ("status", "清单类别")])
def test_required_keys_missing(base, key, label):
    _, item, problems = build(base(**{key: DROP}))
    assert item is None
    assert problems == [f"items/a.yaml:1: {key}: 缺少必填字段 {key}（{label}）"]


@pytest.mark.parametrize("path, key, label, pattern", [
    (("legal_basis", 0), "law", "法规名称", r"^- article:"),
    (("legal_basis", 0), "article", "条款", r"^- law:"),
    (("form",), "title", "标题", r"^form:"),
    (("form",), "text", "正文", r"^form:"),
    (("materials", 0), "name", "证明名称", r"^- (copies|original):"),
    (("procedure", 1), "title", "标题", r"^- actor: 村"),
    (("deadline",), "type", "类型", r"^deadline:"),
    (("commitment",), "content", "证明内容", r"^commitment:"),
])
def test_required_nested_keys_missing(path, key, label, pattern):
    data = retained()
    target = data
    for part in path:
        target = target[part]
    del target[key]
    text, _, problems = build(data)
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    assert problems == [f"items/a.yaml:{line_in(text, pattern)}: {field}.{key}: 缺少必填字段 {key}（{label}）"]


@pytest.mark.parametrize("key, value, field, message", [
    ("purposes", "办理监护", "purposes", "应为列表（每项以“- ”开头）"),
    ("aliases", "监护证明", "aliases", "应为列表（每项以“- ”开头）"),
    ("legal_basis", "民法典第三十一条", "legal_basis", "应为列表（每项以“- ”开头）"),
    ("verification", ["是"], "verification", "应填“是”或“否”"),
    ("public_interest", "也许", "public_interest", "应填“是”或“否”，“也许”无法识别"),
    ("deadline", "马上", "deadline", "无法识别的出具时限“马上”，请写作“当场办结”或“N个工作日”（如“5个工作日”）"),
    ("form", ["兹证明"], "form", "应为键值对（映射）"),
    ("deadline", {"type": "working-days", "days": "三"}, "deadline.days", "应为阿拉伯数字：“三”请写作 3"),
    ("deadline", {"type": "working-days", "days": 1.5}, "deadline.days", "应为整数（阿拉伯数字）"),
    ("materials", [{"name": "身份证", "copies": "两"}], "materials[0].copies", "应为阿拉伯数字：“两”请写作 2"),
    ("materials", [{"name": "身份证", "copies": 0}], "materials[0].copies", "不能小于 1"),
    ("materials", [{"name": "身份证", "original": "看情况"}], "materials[0].original", "应填“是”或“否”，“看情况”无法识别"),
    ("name", None, "name", "不能为空（没有填写内容）"),
    ("name", "", "name", "不能为空"),
    ("name", "   ", "name", "不能为空"),
    ("name", "证" * 201, "name", "内容过长，最多 200 个字符"),
    ("status", "保留", "status", "取值无效，应为以下之一：'retained'、'not-issued'（“保留”请写作 retained）"),
    ("catalog", "city", "catalog", "取值无效，应为以下之一：'municipal'、'sector'"),
    ("deadline", {"type": "immediately"}, "deadline.type", "取值无效，应为以下之一：'on-the-spot'、'working-days'"),
])
def test_wrong_types_name_the_expected_type(key, value, field, message):
    text, item, problems = build(retained(**{key: value}))
    line = line_in(text, rf"^(- )?\s*{field.split('.')[-1]}:")
    assert item is None
    assert problems == [f"items/a.yaml:{line}: {field}: {message}"]


@pytest.mark.parametrize("bad", ["..", "../etc", "a/b", "a\\b", "a b", "Guardian", "guardian_designation",
                                 "监护", "-guardian", "a" * 65, "a.yaml"])
def test_id_pattern_violations(bad):
    text, _, problems = build(not_issued(id=bad))
    assert problems == [f"items/a.yaml:{line_in(text, '^id:')}: id: 编号只能由小写英文字母、数字和连字符组成，"
                        "以字母或数字开头，最长 64 个字符（如 guardian-designation）"]


@pytest.mark.parametrize("good", ["a", "0", "a" * 64, "x-1-" + "9" * 60, "guardian-designation"])
def test_id_pattern_accepts(good):
    _, item, problems = build(not_issued(id=good))
    assert problems == [] and item.id == good


@pytest.mark.parametrize("key, ok", [("applicant_name", True), ("x9", True), ("申请人", False),
                                     ("Name", False), ("9x", False)])
def test_form_field_keys(key, ok):
    data = retained()
    data["form"]["fields"][0]["key"] = key
    _, _, problems = build(data)
    bad = [p for p in problems if "form.fields[0].key: 键名只能由小写英文字母、数字和下划线组成" in p]
    assert bool(bad) is not ok


@pytest.mark.parametrize("text, found", [("", "空文件"), ("# 只有注释\n", "空文件"),
                                         ("- id: a\n- id: b\n", "列表"), ("健在证明\n", "单个值")])
def test_file_must_be_a_mapping(text, found):
    assert build(text)[2] == [f"items/a.yaml:1: 文件内容应为键值对（映射），实际是{found}"]


CONFIG = "title: 示例办事指南\npublished: 2026-03-01\nfonts:\n  body: 仿宋_GB2312\ncontact:\n  phone: 024-12345678\n"


def test_valid_config():
    _, config, problems = build(CONFIG, Config)
    assert problems == [] and config.published.isoformat() == "2026-03-01" and config.contact.phone == "024-12345678"
    assert config.fonts.title == "方正小标宋简体"  # default


@pytest.mark.parametrize("old, new, expected", [
    ("title:", "titel:", "items/a.yaml:1: titel: 未知字段“titel”，是否应为“title”？"),
    ("2026-03-01", "2026-13-01", "items/a.yaml:2: published: “2026-13-01”不是存在的日期；日期请写作 年-月-日，如 2026-11-01"),
    ("2026-03-01", "2026年3月1日", "items/a.yaml:2: published: 日期请写作 年-月-日（四位年份，月和日各两位，用半角“-”分隔，不写时间）：“2026年3月1日”请写作 2026-03-01"),
    ("body: 仿宋_GB2312", "body: 仿宋\";}", "items/a.yaml:4: fonts.body: 字体名称不能包含引号、尖括号、分号或花括号"),
    ("body: 仿宋_GB2312", "body: \"仿宋'\"", "items/a.yaml:4: fonts.body: 字体名称不能包含引号、尖括号、分号或花括号"),
    ("  phone:", "  phon:", "items/a.yaml:6: contact.phon: 未知字段“phon”，是否应为“phone”？"),
])
def test_config_errors(old, new, expected):
    _, config, problems = build(CONFIG.replace(old, new), Config)
    assert config is None and problems == [expected]


def test_a_base_url_that_is_no_web_address_is_a_clear_error(make_project, cli):
    root = make_project(config={"base_url": "zwfw.example.gov.cn/zhengming"})
    result = cli("check", "--config", root / "guidegen.yaml")
    assert result.exit_code == 1
    assert "guidegen.yaml:1: base_url: 网站地址应以 http:// 或 https:// 开头" in result.stderr


@pytest.mark.parametrize("key, value, field, hidden", [
    ("status", "retained\u200b", "status", "零宽空格（U+200B）"),
    ("id", "a\u2060", "id", "零宽不折行空格（U+2060）"),
    ("verification", "是\u200b\u200d", "verification", "零宽空格（U+200B）、零宽连字（U+200D）"),
])
def test_invisible_characters_in_a_value_are_named(key, value, field, hidden):
    text, item, problems = build(retained(**{key: value}))
    (only,) = problems
    assert only.startswith(f"items/a.yaml:{line_in(text, rf'^{key}:')}: {field}: ") and only.endswith(f"（其中含有{hidden}，请删除后重新输入）")
