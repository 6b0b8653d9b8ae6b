"""guidegen.validate.rules: what each status requires, deadlines, forms, and rules across items."""

from __future__ import annotations

import pytest
from conftest import DROP, check_one, dump, line_in, not_issued, retained

from guidegen.errors import ERROR, WARNING
from guidegen.load.parse import load_text
from guidegen.model import Item
from guidegen.validate import messages, rules

STEPS = [{"title": "申请"}, {"title": "出具证明"}]


def loaded(data: dict, path: str) -> rules.Loaded:
    doc = load_text(dump(data), path)
    item, problems = messages.build(Item, doc)
    assert problems == []
    return rules.Loaded(item, doc)


def at(data: dict, pattern: str, nth: int = 1) -> str:
    return f"a.yaml:{line_in(dump(data), pattern, nth)}: "


@pytest.mark.parametrize("data", [retained(), not_issued(), retained(commitment=DROP, aliases=DROP),
                                  retained(deadline={"type": "on-the-spot"}), not_issued(batch=DROP)])
def test_valid_items_have_no_problems(data):
    assert check_one(data) == []


@pytest.mark.parametrize("key, message", [
    ("catalog", "保留事项必须填写清单目录（municipal 州市保留 / sector 行业系统保留）"),
    ("department", "保留事项必须填写主管部门"),
    ("issuer", "保留事项必须填写出具主体"),
    ("deadline", "保留事项必须填写出具时限"),
    ("form", "保留事项必须填写证明式样"),
    ("purposes", "保留事项至少需要一项办理用途"),
    ("legal_basis", "保留事项必须有明确的法律法规依据（至少一条，含 law 和 article）"),
    ("procedure", "办理程序至少需要 2 个步骤"),
])
def test_retained_requires(key, message):
    assert check_one(retained(**{key: DROP})) == [f"a.yaml:1: {key}: {message}"]


@pytest.mark.parametrize("key, value, message", [
    ("purposes", [], "保留事项至少需要一项办理用途"),
    ("legal_basis", [], "保留事项必须有明确的法律法规依据（至少一条，含 law 和 article）"),
    ("procedure", [{"title": "出具证明"}], "办理程序至少需要 2 个步骤"),
    ("procedure", [], "办理程序至少需要 2 个步骤"),
])
def test_retained_lists_too_short(key, value, message):
    data = retained(**{key: value})
    assert check_one(data) == [f"{at(data, f'^{key}:')}{key}: {message}"]


def test_two_procedure_steps_are_enough():
    assert check_one(retained(procedure=STEPS)) == []


def test_batch_is_for_not_issued_only():
    data = retained(batch="第一批")
    assert check_one(data) == [f"{at(data, '^batch:')}batch: 批次（batch）只用于不应出具的事项"]
    assert check_one(not_issued(batch="第一批")) == []


def test_route_on_retained_is_a_warning():
    data = retained(route="不适用")
    assert check_one(data) == [f"{at(data, '^route:')}route: 警告：办事途径（route）只用于不应出具的事项"]


@pytest.mark.parametrize("route", [DROP, None, "", "   "])
def test_not_issued_requires_route(route):
    data = not_issued(route=route)
    line = 1 if route is DROP else line_in(dump(data), "^route:")
    assert check_one(data) == [f"a.yaml:{line}: route: 不应出具的事项必须填写办事途径（route）"]


def test_retained_only_keys_on_not_issued_are_warnings():
    data = not_issued(catalog="municipal", purposes=["办理"])
    assert check_one(data) == [
        f"{at(data, '^catalog:')}catalog: 警告：“catalog”只用于保留事项，不应出具的事项会忽略它",
        f"{at(data, '^purposes:')}purposes: 警告：“purposes”只用于保留事项，不应出具的事项会忽略它"]


@pytest.mark.parametrize("deadline, message", [
    ({"type": "working-days", "days": 0}, "deadline.days: 工作日天数应在 1 到 60 之间"),
    ({"type": "working-days", "days": 61}, "deadline.days: 工作日天数应在 1 到 60 之间"),
    ({"type": "working-days", "days": -3}, "deadline.days: 工作日天数应在 1 到 60 之间"),
    ({"type": "on-the-spot", "days": 1}, "deadline.days: 当场办结（on-the-spot）不需要填写 days"),
])
def test_deadline_days_errors(deadline, message):
    data = retained(deadline=deadline)
    assert check_one(data) == [f"{at(data, '^  days:')}{message}"]


def test_working_days_without_days_points_at_deadline():
    data = retained(deadline={"type": "working-days"})
    assert check_one(data) == [f"{at(data, '^deadline:')}deadline.days: 限时办结（working-days）必须填写工作日天数 days"]


@pytest.mark.parametrize("deadline", [{"type": "working-days", "days": 1}, {"type": "working-days", "days": 60},
                                      {"type": "on-the-spot"}])
def test_deadline_days_accepted(deadline):
    assert check_one(retained(deadline=deadline)) == []


def form(text: str, *keys: str) -> dict:
    return {"title": "证明", "text": text, "fields": [{"key": k, "label": k} for k in keys]}


@pytest.mark.parametrize("value, pattern, message", [
    (form("兹证明{name}居住于{address}。", "name"), "^  text:",
     "form.text: 正文中的占位符 {address} 没有在 fields 中声明"),
    (form("兹证明{name}。", "name", "address"), "^  - key: address",
     "form.fields[1].key: 填写项“address”在正文中没有使用（应写作 {address}）"),
    (form("兹证明{name}居住于{address。", "name"), "^  text:", "form.text: 正文中有不成对的花括号 { }"),
    (form("兹证明{name}}。", "name"), "^  text:", "form.text: 正文中有不成对的花括号 { }"),
    (form("兹证明{name}{name}。", "name", "name"), "^  fields:", "form.fields: 填写项“name”重复声明"),
])
def test_form_placeholder_rules(value, pattern, message):
    data = retained(form=value)
    assert check_one(data) == [f"{at(data, pattern)}{message}"]


@pytest.mark.parametrize("value", [form("兹证明{name}，{name}居住于{address}。", "name", "address"),
                                   form("兹证明该同志情况属实。")])
def test_form_placeholders_accepted(value):
    assert check_one(retained(form=value)) == []


PUBLIC = "涉及公共利益的事项应有“议事协商”步骤，并经负责人签字后出具"


def test_public_interest_without_consultation_warns():
    data = retained(public_interest=True)
    doc = load_text(dump(data), "a.yaml")
    problems = rules.check_item(rules.Loaded(messages.build(Item, doc)[0], doc))
    assert [(p.format(), p.severity) for p in problems] == [
        (f"{at(data, '^procedure:')}procedure: 警告：{PUBLIC}", WARNING)]


@pytest.mark.parametrize("step", [{"title": "议事协商"}, {"title": "讨论", "detail": "召开居民会议议事协商"}])
def test_public_interest_with_consultation_is_quiet(step):
    assert check_one(retained(public_interest=True, procedure=[STEPS[0], step, STEPS[1]])) == []


def test_duplicate_ids_name_the_first_file_and_line():
    entries = [loaded(not_issued(), "items/a.yaml"), loaded(not_issued(name="乙"), "items/b.yaml"),
               loaded(retained(id="kinship"), "items/c.yaml")]
    c_line = line_in(dump(retained()), "^id:")
    assert [p.format() for p in rules.check_set(entries)] == [
        "items/b.yaml:1: id: 编号“kinship”与 items/a.yaml:1 重复",
        f"items/c.yaml:{c_line}: id: 编号“kinship”与 items/a.yaml:1 重复"]


def test_duplicate_id_points_at_the_id_line_not_line_one():
    text = "# 注释\n# 注释\nname: 乙\nid: kinship\nstatus: not-issued\nroute: 去派出所\n"
    doc = load_text(text, "items/b.yaml")
    second = rules.Loaded(messages.build(Item, doc)[0], doc)
    first = loaded(not_issued(), "items/a.yaml")
    assert [p.format() for p in rules.check_set([second, first])] == [
        "items/a.yaml:1: id: 编号“kinship”与 items/b.yaml:4 重复"]


@pytest.mark.parametrize("kept, dropped, field", [
    ({}, {"name": "指定监护人证明"}, "name"),
    ({}, {"name": "监护人指定证明"}, "name"),  # the retained item's alias
    ({"aliases": ["亲属关系证明"]}, {}, "name"),
    ({}, {"aliases": ["其他证明", "指定监护人证明"]}, "aliases[1]"),
])
def test_name_or_alias_on_both_lists(kept, dropped, field):
    entries = [loaded(retained(**kept), "items/r.yaml"), loaded(not_issued(**dropped), "items/n.yaml")]
    text = dump(not_issued(**dropped))
    line = line_in(text, "^name:") if field == "name" else line_in(text, "^- 指定监护人证明")
    name = dropped.get("name") or "亲属关系证明" if field == "name" else "指定监护人证明"
    assert [(p.format(), p.severity) for p in rules.check_set(entries)] == [
        (f"items/n.yaml:{line}: {field}: “{name}”同时出现在保留清单（items/r.yaml）和不应出具清单中", ERROR)]


def test_distinct_names_and_ids_pass_check_set():
    entries = [loaded(retained(), "items/r.yaml"), loaded(not_issued(), "items/n.yaml"),
               loaded(not_issued(id="alive", name="健在证明"), "items/m.yaml")]
    assert rules.check_set(entries) == []


def _loaded(path: str, data: dict) -> rules.Loaded:
    doc = load_text(dump(data), path)
    item, problems = messages.build(Item, doc)
    assert not problems
    return rules.Loaded(item, doc)


def test_one_article_quoted_with_two_texts_is_a_warning_naming_both_files():
    basis = retained()["legal_basis"][0]
    first = _loaded("a.yaml", retained())
    other = dict(basis, law=f"《{basis['law']}》", article=" 第三十一条", excerpt="另一段文字")
    second = _loaded("b.yaml", retained(id="b", name="另一证明", aliases=[], legal_basis=[other]))
    found = rules.check_set([first, second])
    line_a = line_in(dump(retained()), "excerpt:")
    assert [p.format() for p in found] == [
        f"b.yaml:{line_in(dump(retained(id='b', name='另一证明', aliases=[], legal_basis=[other])), 'excerpt:')}: "
        f"legal_basis[0].excerpt: 警告：《中华人民共和国民法典》第三十一条的条文内容与 a.yaml:{line_a} "
        "引用的同一条款不一致，请核对原文后统一"]
    assert found[0].severity == WARNING


def test_same_text_with_other_spacing_or_an_empty_excerpt_is_fine():
    basis = retained()["legal_basis"][0]
    spaced = dict(basis, excerpt=" " + basis["excerpt"].replace("，", "， "))
    empty = dict(basis, excerpt="")
    items = [_loaded("a.yaml", retained()),
             _loaded("b.yaml", retained(id="b", name="b", aliases=[], legal_basis=[spaced])),
             _loaded("c.yaml", retained(id="c", name="c", aliases=[], legal_basis=[empty]))]
    assert rules.check_set(items) == []
