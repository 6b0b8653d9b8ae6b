"""guidegen.project: find config and items, validate everything, report every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DROP, INVALID, PROJECTS, dump, line_in, not_issued, retained

from guidegen.errors import ERROR, WARNING, GuidegenError, ValidationFailed
from guidegen.project import load_project


def failures(root: Path, monkeypatch, *args) -> list[str]:
    monkeypatch.chdir(root)
    with pytest.raises(ValidationFailed) as info:
        load_project(*args)
    return sorted(p.format() for p in info.value.problems)


def test_minimal_project(monkeypatch):
    monkeypatch.chdir(PROJECTS / "minimal")
    project = load_project()
    assert [i.id for i in project.items] == ["guardian-designation", "kinship"]  # retained first
    assert [i.name for i in project.retained] == ["指定监护人证明"]
    assert [i.name for i in project.not_issued] == ["亲属关系证明"]
    assert project.config.title == "测试用办事指南（示例）" and project.warnings == ()
    assert project.docs["kinship"].path == "data/items/kinship.yaml"
    assert project.retained[0].legal_basis[0].law == "中华人民共和国民法典"


def test_bom_and_crlf_project_loads_cleanly(monkeypatch):
    monkeypatch.chdir(PROJECTS / "encodings")
    project = load_project()
    assert project.config.title == "编码测试（示例）"
    assert {i.id for i in project.items} == {"guardian-designation", "kinship"}
    texts = [project.retained[0].form.text, project.retained[0].name, project.not_issued[0].route]
    assert texts[0] == "兹指定{guardian}为{ward}的监护人。"
    assert not any("\r" in t or "\ufeff" in t for t in texts)
    assert project.docs["guardian-designation"].line_of(("deadline", "days")) == 16


def test_invalid_project_lists_every_problem(monkeypatch):
    assert failures(PROJECTS / "invalid", monkeypatch) == INVALID


def test_invalid_project_counts_errors(monkeypatch):
    monkeypatch.chdir(PROJECTS / "invalid")
    with pytest.raises(ValidationFailed) as info:
        load_project()
    assert info.value.summary() == "发现 8 个错误，请修改后重试。"
    assert info.value.exit_code == 1


MISSING = {"catalog": "保留事项必须填写清单目录", "department": "保留事项必须填写主管部门",
           "issuer": "保留事项必须填写出具主体", "deadline": "保留事项必须填写出具时限",
           "form": "保留事项必须填写证明式样", "purposes": "保留事项至少需要一项办理用途",
           "legal_basis": "保留事项必须有明确的法律法规依据", "procedure": "办理程序至少需要 2 个步骤",
           "route": "不应出具的事项必须填写办事途径（route）"}
REQUIRED = [(retained, key) for key in ("id", "name", "status", "catalog", "department", "issuer",
                                        "purposes", "legal_basis", "deadline", "procedure", "form")]
REQUIRED += [(not_issued, key) for key in ("id", "name", "status", "route")]


@pytest.mark.parametrize("base, key", REQUIRED, ids=[f"{b.__name__}-{k}" for b, k in REQUIRED])
def test_each_required_key_missing_in_turn(make_project, monkeypatch, base, key):
    root = make_project({"a.yaml": base(**{key: DROP}), "ok.yaml": not_issued(id="ok", name="健在证明")})
    (only,) = failures(root, monkeypatch)
    assert only.startswith(f"data/items/a.yaml:1: {key}: ")
    assert MISSING.get(key, f"缺少必填字段 {key}（") in only


def test_problems_from_every_file_and_every_stage(make_project, monkeypatch):
    root = make_project({"a.yaml": "id: a\nname: [甲\n", "b.yaml": not_issued(id="B"),
                         "c.yaml": retained(procedure=[]), "d.yaml": b"id: d\nname: \xd6\xd0\n"})
    found = failures(root, monkeypatch)
    assert [f.split(":")[0] for f in found] == [f"data/items/{n}.yaml" for n in "abcd"]


def test_duplicate_ids_across_files_name_the_other(make_project, monkeypatch):
    root = make_project({"a.yaml": not_issued(), "sub/b.yaml": not_issued(name="健在证明")})
    assert failures(root, monkeypatch) == ["data/items/sub/b.yaml:1: id: 编号“kinship”与 data/items/a.yaml:1 重复"]


def test_name_on_both_lists(make_project, monkeypatch):
    root = make_project({"r.yaml": retained(aliases=["亲属关系证明"]), "n.yaml": not_issued()})
    assert failures(root, monkeypatch) == [
        "data/items/n.yaml:2: name: “亲属关系证明”同时出现在保留清单（data/items/r.yaml）和不应出具清单中"]


def test_public_interest_warning_does_not_block(make_project, monkeypatch):
    root = make_project({"r.yaml": retained(public_interest=True), "n.yaml": not_issued()})
    monkeypatch.chdir(root)
    project = load_project()
    line = line_in(dump(retained()), "^procedure:")
    assert [(p.format(), p.severity) for p in project.warnings] == [
        (f"data/items/r.yaml:{line}: procedure: 警告：涉及公共利益的事项应有“议事协商”步骤，并经负责人签字后出具", WARNING)]


def test_template_text_is_kept_literally(make_project, monkeypatch):
    root = make_project({"n.yaml": not_issued(name="{{ 7*7 }}证明", route="{{ config.title }}")})
    monkeypatch.chdir(root)
    item = load_project().items[0]
    assert (item.name, item.route) == ("{{ 7*7 }}证明", "{{ config.title }}")


def test_which_files_are_items(make_project, monkeypatch):
    root = make_project({"a.yaml": not_issued(), "b.YML": not_issued(id="b", name="乙"),
                         "deep/c.yml": not_issued(id="c", name="丙"), "notes.txt": "不是条目",
                         ".hidden.yaml": "坏: [", ".drafts/d.yaml": "坏: ["})
    monkeypatch.chdir(root)
    assert sorted(i.id for i in load_project().items) == ["b", "c", "kinship"]


def test_symlink_leaving_the_data_folder_is_refused(make_project, monkeypatch, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text(dump(not_issued(id="secret", name="秘密")), encoding="utf-8")
    root = make_project({"a.yaml": not_issued()})
    (root / "data/items/link.yaml").symlink_to(outside)
    (root / "data/items/dir").symlink_to(tmp_path, target_is_directory=True)
    found = failures(root, monkeypatch)
    assert found == ["data/items/link.yaml: 符号链接指向数据目录之外，出于安全原因不予读取"]


def test_symlink_inside_the_data_folder_is_fine(make_project, monkeypatch):
    root = make_project({"a.yaml": not_issued(), "shared/b.yaml": not_issued(id="b", name="乙")})
    (root / "data/items/link.yaml").symlink_to("shared/b.yaml")
    monkeypatch.chdir(root)
    assert sorted(i.id for i in load_project().items) == ["b", "kinship"]


def test_data_folder_missing_or_empty(make_project, monkeypatch):
    root = make_project({})
    monkeypatch.chdir(root)
    with pytest.raises(GuidegenError, match="数据目录 data/items 中没有任何 .yaml 条目文件"):
        load_project()
    with pytest.raises(GuidegenError, match="找不到数据目录 nowhere"):
        load_project(None, Path("nowhere"))


def test_explicit_config_and_its_data_key(make_project, monkeypatch):
    root = make_project({"a.yaml": not_issued()}, config={"title": "甲地指南", "data": "data/items"})
    monkeypatch.chdir(root.parent)
    project = load_project(root / "guidegen.yaml")
    assert project.config.title == "甲地指南" and project.root == root and len(project.items) == 1
    with pytest.raises(GuidegenError, match="找不到配置文件"):
        load_project(root / "missing.yaml")


@pytest.mark.parametrize("config, expected", [
    ("title: 甲\nsubtitle: 乙\n", "guidegen.yaml:2: subtitle: 未知字段“subtitle”，"),
    ("published: 2026-02-30\n", "guidegen.yaml:1: published: “2026-02-30”不是存在的日期"),
    ("fonts:\n  title: 'Song\"; x'\n", "guidegen.yaml:2: fonts.title: 字体名称不能包含引号"),
    ("title: [甲\n", "guidegen.yaml:1: YAML 语法错误：方括号 [ ] 没有正确闭合"),
])
def test_config_problems(make_project, monkeypatch, config, expected):
    root = make_project({"a.yaml": not_issued()}, config=config)
    (only,) = failures(root, monkeypatch)
    assert only.startswith(expected)


def test_empty_config_means_defaults(make_project, monkeypatch):
    root = make_project({"a.yaml": not_issued()}, config="# 空配置\n")
    monkeypatch.chdir(root)
    assert load_project().config.title == "村（居）民委员会出具证明事项办事指南"


def test_errors_block_but_warnings_ride_along(make_project, monkeypatch):
    root = make_project({"a.yaml": retained(public_interest=True, batch="第一批")})
    monkeypatch.chdir(root)
    with pytest.raises(ValidationFailed) as info:
        load_project()
    assert sorted(p.severity for p in info.value.problems) == [ERROR, WARNING]
    assert info.value.summary() == "发现 1 个错误、1 个警告，请修改后重试。"


def test_config_errors_and_item_errors_reported_together(make_project, monkeypatch):
    root = make_project(items={"a.yaml": retained(id="Bad")},
                        config={"title": "示例", "publshed": "2026-01-01"})
    found = failures(root, monkeypatch)
    assert any(f.startswith("guidegen.yaml:2: publshed: 未知字段") for f in found)
    assert any(f.startswith("data/items/a.yaml:1: id: 编号只能") for f in found)


def test_schema_failure_still_reports_missing_required_keys(make_project, monkeypatch):
    root = make_project(items={"a.yaml": retained(days_typo=1, catalog=DROP, issuer=DROP)})
    found = failures(root, monkeypatch)
    assert any("days_typo: 未知字段" in f for f in found)
    assert any(": catalog: 保留事项必须填写该字段" in f for f in found)
    assert any(": issuer: 保留事项必须填写该字段" in f for f in found)


def test_loaded_items_share_field_name_sets_and_strings(tmp_path):
    import pickle

    from guidegen.model import Frozen, Item

    def models(model):
        yield model
        for value in model.__dict__.values():
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, Frozen):
                    yield from models(child)

    root = PROJECTS / "documents"
    for cache_dir in (None, tmp_path, tmp_path):  # parsed, then parsed and cached, then cached
        items = load_project(root / "guidegen.yaml", cache_dir=cache_dir).items
        sets = [m.__pydantic_fields_set__ for item in items for m in models(item)]
        assert len(sets) > 2 * len(items) and all(type(s) is frozenset for s in sets)
        # Equal sets are one object: a build holds every item, a set each cost a third.
        assert len({id(s) for s in sets}) == len(set(sets)) < len(sets)
        texts = [v for item in items for m in models(item) for v in m.__dict__.values()
                 if isinstance(v, str)]
        assert len({id(t) for t in texts}) == len(set(texts)) < len(texts)
        for item in items:  # and nothing a model is used for changes
            fresh = Item.model_validate(item.model_dump())
            assert fresh == item and fresh.model_dump() == item.model_dump()
            assert pickle.loads(pickle.dumps(item)) == item


def test_the_config_beside_the_data_is_found_from_another_folder(make_project, tmp_path, monkeypatch):
    root = make_project({"n.yaml": not_issued()}, config={"title": "某某市证明事项办事指南", "data": "data/items"})
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    project = load_project(None, root / "data" / "items")
    assert project.config.title == "某某市证明事项办事指南" and project.config_file == root / "guidegen.yaml"


def test_a_config_in_the_data_folder_is_never_an_item(make_project, monkeypatch):
    root = make_project({"n.yaml": not_issued(), "guidegen.yaml": "title: 某某\ndata: .\n"})
    monkeypatch.chdir(root / "data" / "items")
    project = load_project()
    assert project.config.title == "某某" and [i.id for i in project.items] == [not_issued()["id"]]
