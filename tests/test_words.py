"""guidegen.validate.words: values written in words are accepted or explained with the right spelling."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from guidegen.model import Config, Deadline, Item
from guidegen.validate import words


def item(**extra) -> Item:
    return Item.model_validate({"id": "a", "name": "甲", "status": "retained", **extra})


def refused(model, data) -> list[str]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return [e["msg"] for e in info.value.errors()]


@pytest.mark.parametrize("word, value", [
    ("是", True), ("否", False), ("对", True), ("错", False), ("有", True), ("无", False),
    ("需要", True), ("不需要", False), (" 是 ", True), ("true", True), ("False", False),
])
def test_yes_and_no_in_words(word, value):
    assert item(verification=word).verification is value
    assert item(materials=[{"name": "乙", "original": word}]).materials[0].original is value


@pytest.mark.parametrize("word, value", [("原件", True), ("复印件", False), (" 复印件 ", False)])
def test_originals_as_material_lists_say_it(word, value):
    assert item(materials=[{"name": "乙", "original": word}]).materials[0].original is value
    assert refused(Item, {"id": "a", "name": "甲", "status": "retained", "verification": word})


@pytest.mark.parametrize("word", ["待定", "原件", "1次", "{x}"])
def test_other_words_for_yes_and_no(word):
    assert refused(Item, {"id": "a", "name": "甲", "status": "retained", "public_interest": word}) == [
        f"应填“是”或“否”，“{word}”无法识别"]


@pytest.mark.parametrize("text, deadline", [
    ("当场办结", Deadline(type="on-the-spot")), ("即时办结", Deadline(type="on-the-spot")),
    ("5个工作日", Deadline(type="working-days", days=5)), ("五个工作日", Deadline(type="working-days", days=5)),
    ("十五个工作日内", Deadline(type="working-days", days=15)), ("５ 个工作日", Deadline(type="working-days", days=5)),
    ("二十个工作日", Deadline(type="working-days", days=20)),
])
def test_deadlines_in_words(text, deadline):
    assert item(deadline={"type": "当场办结"}).deadline == Deadline(type="on-the-spot")
    assert item(deadline={"type": "限时办结", "days": "5"}).deadline == Deadline(type="working-days", days=5)
    assert item(deadline=text).deadline == deadline
    assert item(legal_deadline=text).legal_deadline == deadline


@pytest.mark.parametrize("text, message", [
    ("5天", "“5天”没有说明是不是工作日；出具时限按工作日计算，请写作“5个工作日”"),
    ("三日内", "“三日内”没有说明是不是工作日；出具时限按工作日计算，请写作“3个工作日”"),
    ("尽快", "无法识别的出具时限“尽快”，请写作“当场办结”或“N个工作日”（如“5个工作日”）"),
])
def test_deadlines_that_need_another_spelling(text, message):
    assert refused(Item, {"id": "a", "name": "甲", "status": "retained", "deadline": text}) == [message]


@pytest.mark.parametrize("text, message", [
    ("５", "含有全角数字 “５”（U+FF15），请切换到半角输入，写作 5"),
    ("三", "应为阿拉伯数字：“三”请写作 3"),
    ("十二", "应为阿拉伯数字：“十二”请写作 12"),
    ("5个工作日", "只写数字，不加单位：“5个工作日”请写作 5"),
    ("２份", "含有全角数字 “２”（U+FF12），请切换到半角输入，写作 2"),
])
def test_numbers_in_words(text, message):
    assert refused(Deadline, {"type": "working-days", "days": text}) == [message]
    assert item(deadline={"type": "working-days", "days": " 7 "}).deadline.days == 7


RIGHT = "日期请写作 年-月-日（四位年份，月和日各两位，用半角“-”分隔，不写时间）："


@pytest.mark.parametrize("text, right", [
    ("20261101", "2026-11-01"), ("2026-11-01 10:00", "2026-11-01"), ("2026年11月1日", "2026-11-01"),
    ("2026/11/01", "2026-11-01"), ("2026.1.5", "2026-01-05"), ("２０２６－１１－０１", "2026-11-01"),
    ("２０２６-１１-０１", "2026-11-01"),
])
def test_dates_written_otherwise_show_the_right_spelling(text, right):
    assert refused(Config, {"published": text}) == [f"{RIGHT}“{text}”请写作 {right}"]


@pytest.mark.parametrize("text, message", [
    ("0", "“0”不是日期；日期请写作 年-月-日，如 2026-11-01"),
    ("2026-02-30", "“2026-02-30”不是存在的日期；日期请写作 年-月-日，如 2026-11-01"),
    ("2026年13月1日", "“2026年13月1日”不是存在的日期；日期请写作 年-月-日，如 2026-11-01"),
])
def test_what_is_not_a_date(text, message):
    assert refused(Config, {"published": text}) == [message]
    assert Config.model_validate({"published": "2026-11-01"}).published == dt.date(2026, 11, 1)


@pytest.mark.parametrize("value", ["是", "否"])
def test_config_flags_in_words(value):
    assert Config.model_validate({"booklets": value}).booklets is (value == "是")


@pytest.mark.parametrize("name", ["甲\n乙", "甲\r\n乙", "甲\u2028乙"])
def test_names_are_one_line(name):
    assert refused(Item, {"id": "a", "name": name, "status": "retained"}) == [
        "名称不能换行，请把它写在一行内（删除其中的换行，或不要用 | 和引号中的 \\n）"]


@pytest.mark.parametrize("id_", ["con", "nul", "aux", "prn", "com1", "com9", "lpt1", "lpt9", "CON", "Nul",
                                 "con.x", "LPT3.txt"])
def test_ids_a_windows_server_cannot_store(id_):
    (message,) = refused(Item, {"id": id_, "name": "甲", "status": "retained"})
    assert message.startswith(f"编号“{id_}”是微软操作系统保留的设备名")


@pytest.mark.parametrize("id_", ["con-1", "console", "com10", "lpt", "auxiliary", "nul2x"])
def test_ids_that_only_start_like_reserved_names(id_):
    assert item(id=id_).id == id_


@pytest.mark.parametrize("text, number", [("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("九十九", 99),
                                          ("两", 2), ("百", None), ("一二", None), ("十十", None)])
def test_chinese_numbers(text, number):
    assert words.chinese_number(text) == number
