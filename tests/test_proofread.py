"""guidegen.validate.proofread and the new deadline and form rules, through ``check_one``."""

from __future__ import annotations

import pytest
from conftest import check_one, dump, line_in, not_issued, retained

WARN = "警告："


def warnings(data: dict) -> list[str]:
    return [p for p in check_one(data) if WARN in p]


def test_alias_repeated_inside_the_name_is_flagged_on_the_alias():
    data = not_issued(name="婚姻状况证明（婚姻关系证明、分居证明）", aliases=["婚姻关系证明", "分居证明"])
    text = dump(data)
    assert warnings(data) == [
        f"a.yaml:{line_in(text, '- 婚姻关系证明')}: aliases[0]: {WARN}别名“婚姻关系证明”已写在名称的括号中："
        "名称只写“婚姻状况证明”，其他名称列在 aliases 中，文书会写作“（又称：…）”",
        f"a.yaml:{line_in(text, '- 分居证明')}: aliases[1]: {WARN}别名“分居证明”已写在名称的括号中："
        "名称只写“婚姻状况证明”，其他名称列在 aliases 中，文书会写作“（又称：…）”"]


def test_half_width_brackets_between_chinese_characters():
    data = not_issued(name="居民身份信息证明 (户籍证明)")
    assert warnings(data) == [f"a.yaml:2: name: {WARN}中文之间用了半角括号“( )”，应改为全角括号“（ ）”"]


@pytest.mark.parametrize("text", ["打印 (print) 版本", "公民身份号码（18位）", "见附件(1)"])
def test_brackets_in_latin_or_full_width_text_pass(text):
    assert warnings(not_issued(route=text)) == []


@pytest.mark.parametrize("route, word", [
    ("通过与卫生健康部门、公安部门、公安部门、人民法院信息共享的方式进行核对", "公安部门"),
    ("通过与公安部门、公安部门信息共享", "公安部门"),
])
def test_word_repeated_in_a_list(route, word):
    data = not_issued(route=route)
    assert warnings(data) == [f"a.yaml:{line_in(dump(data), '^route:')}: route: {WARN}"
                              f"列举中“{word}”连续出现两次，请删去重复的一项"]


@pytest.mark.parametrize("route", [
    "无法定赡养、抚养、扶养义务人，或者其法定赡养、抚养、扶养义务人无能力",  # two lists in one sentence
    "由公安、民政、卫生健康等部门核对",
    "人人、个个",  # not a list of words: single characters doubled
])
def test_lists_without_a_repeated_entry_pass(route):
    assert warnings(not_issued(route=route)) == []


def test_promised_time_may_not_exceed_the_legal_one():
    data = retained(deadline={"type": "working-days", "days": 20},
                    legal_deadline={"type": "working-days", "days": 10})
    assert check_one(data) == [f"a.yaml:{line_in(dump(data), '^deadline:')}: deadline: "
                               "出具时限（承诺时限）不能长于法定时限 legal_deadline"]
    assert check_one(retained(deadline={"type": "on-the-spot"},
                              legal_deadline={"type": "working-days", "days": 1})) == []


def test_legal_deadline_days_follow_the_deadline_rules():
    data = retained(legal_deadline={"type": "working-days"})
    assert check_one(data) == [f"a.yaml:{line_in(dump(data), '^legal_deadline:')}: legal_deadline.days: "
                               "限时办结（working-days）必须填写工作日天数 days"]


def test_a_certificate_too_long_for_one_sheet_is_a_warning():
    long = retained()
    long["form"]["text"] = "\n".join(["兹证明{guardian}为{ward}的监护人，特此证明。" * 3] * 12)
    assert warnings(long) == [f"a.yaml:{line_in(dump(long), '  text:')}: form.text: {WARN}"
                              "证明正文过长，表单（证明和存根）排不进一页 A4 纸；请精简正文或减少填写项宽度"]
    assert warnings(retained()) == []


def test_new_optional_fields_are_validated():
    assert check_one(retained(channels=["counter", "online", "mail"], audience="本村居民",
                              faq=[{"question": "问？", "answer": "答。"}])) == []
    bad = check_one(retained(channels=["窗口"]))
    assert len(bad) == 1 and "channels[0]" in bad[0] and "“窗口”请写作 counter" in bad[0]
    missing = check_one(retained(faq=[{"question": "问？"}]))
    assert len(missing) == 1 and "faq[0]" in missing[0] and "answer" in missing[0]
