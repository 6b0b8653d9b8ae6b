"""Change report: added, removed, moved and changed fields; history, tombstones, guidegen diff."""

from __future__ import annotations

import json

from conftest import (
    FAST,
    VALID_NOT_ISSUED,
    VALID_RETAINED,
    dump,
    not_issued,
    retained,
    run_build,
)

from guidegen.incremental.changes import compare, record_changes, summarize
from guidegen.incremental.state import BuildState
from guidegen.model import Item

CONFIG = {"title": "变化测试", "authority": "测试县民政局", "region": "测试县",
          "published": "2026-05-01"}


def summaries(*items: dict) -> dict[str, dict]:
    return {d["id"]: summarize(Item.model_validate(d)) for d in items}


class FakeProject:
    """Just what record_changes reads."""

    def __init__(self, *items: dict, published: str = "2026-05-01"):
        from guidegen.model import Config

        self.items = tuple(Item.model_validate(d) for d in items)
        self.config = Config.model_validate({**CONFIG, "published": published})


def test_nothing_changed_is_empty():
    same = summaries(VALID_RETAINED, VALID_NOT_ISSUED)
    changes = compare(same, same, "2026-05-01")
    assert not changes and changes.lines() == []


def test_added_removed_moved_and_changed_fields():
    old = summaries(VALID_RETAINED, VALID_NOT_ISSUED,
                    not_issued(id="residence-proof", name="居住证明", route="由公安机关出具"))
    new = summaries(
        retained(deadline={"type": "on-the-spot"},
                 legal_basis=[{"law": "中华人民共和国民法典", "article": "第三十二条"}]),
        not_issued(route="由居民据实提供居民户口簿"),
        not_issued(id="no-crime", name="无犯罪记录证明", route="由公安机关出具"),
    )
    changes = compare(old, new, "2026-05-01")
    assert changes.date == "2026-05-01"
    assert changes.lines() == [
        "新增：无犯罪记录证明（不应出具清单，编号 no-crime）",
        "移除：居住证明（原不应出具清单，编号 residence-proof）",
        "修改：指定监护人证明 的法律法规依据：“《中华人民共和国民法典》第三十一条”"
        " → “《中华人民共和国民法典》第三十二条”",
        "修改：指定监护人证明 的出具时限：“5个工作日” → “当场办结”",
        "修改：亲属关系证明 的办事途径：“由居民据实提供居民户口簿、结婚证等予以证明” → “由居民据实提供居民户口簿”",
    ]


def test_moving_between_lists_is_reported_as_a_move():
    old = summaries(VALID_RETAINED)
    moved = not_issued(id=VALID_RETAINED["id"], name=VALID_RETAINED["name"], route="由民政部门指定")
    changes = compare(old, summaries(moved))
    assert changes.moved == [{"id": "guardian-designation", "name": "指定监护人证明",
                              "old": "保留清单", "new": "不应出具清单"}]
    assert changes.lines()[0] == "调整清单：指定监护人证明：保留清单 → 不应出具清单"
    assert all(c["label"] != "清单" for c in changes.changed)


def test_renamed_item_and_long_values_are_shortened_in_lines():
    long = "由居民据实提供" + "材料" * 40
    changes = compare(summaries(VALID_NOT_ISSUED), summaries(not_issued(name="亲属证明", route=long)))
    assert [c["label"] for c in changes.changed] == ["证明名称", "办事途径"]
    assert changes.changed[1]["new"] == long  # kept in full for changes.html
    assert changes.lines()[1].endswith(f"→ “{long[:59]}…”")  # 60 characters in the terminal


def test_record_changes_keeps_history_and_tombstones():
    state = BuildState()
    first = record_changes(FakeProject(VALID_RETAINED, VALID_NOT_ISSUED), state)
    assert [a["id"] for a in first.added] == ["guardian-designation", "kinship"]
    assert len(state.changes) == 1

    assert not record_changes(FakeProject(VALID_RETAINED, VALID_NOT_ISSUED), state)
    assert len(state.changes) == 1  # a build that changes nothing adds no entry

    gone = record_changes(FakeProject(VALID_NOT_ISSUED, published="2026-06-01"), state)
    assert [r["id"] for r in gone.removed] == ["guardian-designation"]
    assert state.removed == {"guardian-designation": {"name": "指定监护人证明", "list": "保留清单",
                                                      "date": "2026-06-01"}}
    assert [c["date"] for c in state.changes] == ["2026-05-01", "2026-06-01"]

    again = FakeProject(VALID_RETAINED, VALID_NOT_ISSUED, published="2026-07-01")
    back = record_changes(again, state)
    assert [a["id"] for a in back.added] == ["guardian-designation"]
    assert state.removed == {}
    assert json.loads(json.dumps(state.changes)) == state.changes  # stored as plain data


def test_changes_page_is_dated_newest_first_and_appended(make_project, tmp_path):
    config = dict(CONFIG)
    root = make_project({"a.yaml": VALID_RETAINED, "b.yaml": VALID_NOT_ISSUED}, config)
    out = tmp_path / "out"
    run_build(root, out, formats=FAST)
    (root / "data/items/b.yaml").unlink()
    later = dump({**config, "published": "2026-06-15"})
    (root / "guidegen.yaml").write_text(later, encoding="utf-8")
    report = run_build(root, out, formats=FAST)
    assert report.changes.lines() == ["移除：亲属关系证明（原不应出具清单，编号 kinship）"]
    page = (out / "site/changes.html").read_text(encoding="utf-8")
    assert page.index('datetime="2026-06-15"') < page.index('datetime="2026-05-01"')
    assert page.count('class="changes-entry"') == 2
    tomb = (out / "site/items/kinship/index.html").read_text(encoding="utf-8")
    assert "该证明事项已调整" in tomb and "2026-06-15" in tomb
    # A build with no data change leaves the page as it is.
    assert "changes.html" not in run_build(root, out, formats=FAST).rendered


def test_diff_prints_the_report_without_building(make_project, cli, tmp_path):
    old = make_project({"a.yaml": VALID_RETAINED, "b.yaml": VALID_NOT_ISSUED})
    new = make_project({"a.yaml": retained(fee="按规定收费"),
                        "c.yaml": not_issued(id="no-crime", name="无犯罪记录证明", route="由公安机关出具")})
    result = cli("diff", old / "data/items", new / "data/items", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "新增：无犯罪记录证明（不应出具清单，编号 no-crime）\n"
        "移除：亲属关系证明（原不应出具清单，编号 kinship）\n"
        "修改：指定监护人证明 的收费：“不收费” → “按规定收费”\n"
        "共 3 处变化。\n")
    assert not (tmp_path / "output").exists()  # nothing built
    same = cli("diff", old / "data/items", old / "data/items", cwd=tmp_path)
    assert same.stdout == "两个数据目录没有差别。\n"
