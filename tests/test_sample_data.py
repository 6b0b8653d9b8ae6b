"""The bundled sample set (data/items + guidegen.yaml) against the spec and the Liaoning attachment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guidegen.model import Item
from guidegen.project import Project, load_project

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "items"
CONFIG = REPO / "guidegen.yaml"
ATTACHMENT = Path(__file__).resolve().parent / "fixtures" / "liaoning-not-issued.tsv"
SUMMARY = re.compile(r"^检查通过：保留清单 (\d+) 项，不应出具清单 (\d+) 项，共 (\d+) 项。$")


def attachment_rows() -> list[tuple[str, str]]:
    """The 20 rows (证明名称, 办事途径) of the Liaoning 不应出具 attachment (tests/fixtures)."""
    rows: dict[int, tuple[str, str]] = {}
    for line in ATTACHMENT.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d+)\t([^\t]+)\t(.+)$", line)
        if match and 1 <= int(match[1]) <= 20:
            assert int(match[1]) not in rows, f"附件序号 {match[1]} 出现两次"
            rows[int(match[1])] = (match[2].strip(), match[3].strip())
    assert sorted(rows) == list(range(1, 21)), f"附件中应有序号 1–20 的表格行，实际：{sorted(rows)}"
    return [rows[n] for n in range(1, 21)]


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(CONFIG if CONFIG.is_file() else None, DATA)


def test_guidegen_check_passes_on_the_repository(cli):
    result = cli("check", cwd=REPO)
    assert result.exit_code == 0, result.output
    match = SUMMARY.match(result.stdout.strip())
    assert match, result.stdout
    retained, not_issued, total = map(int, match.groups())
    assert not_issued == 20 and retained + not_issued == total


def test_attachment_parses_to_twenty_rows():
    rows = attachment_rows()
    assert rows[0][0] == "亲属关系证明" and rows[19][0] == "证件遗失证明"
    assert all(name.endswith("）") or "证明" in name for name, _ in rows)


# The sample set is the attachment proofread (docs/sample-data-sources.md): other names in
# brackets are aliases only, and these slips of the original are corrected.
ROUTE_FIXES = {"公安部部门": "公安部门", "法律規定": "法律规定", "公安部门、公安部门": "公安部门",
               "可通过对与": "可通过与", "人力资源社会保障局": "人力资源社会保障"}
BRACKETED = re.compile(r"^(.+?)\s*[（(]([^（）()]+)[）)]$")


def proofread(name: str, route: str) -> tuple[str, tuple[str, ...], str]:
    """(name, aliases, route) as the sample set holds an attachment row."""
    name, aliases = name.replace(" ", ""), ()
    match = BRACKETED.match(name)
    if match:
        name, aliases = match[1], tuple(a for a in match[2].removesuffix("等").split("、"))
    for wrong, right in ROUTE_FIXES.items():
        route = route.replace(wrong, right)
    return name, aliases, route


def test_not_issued_items_equal_the_proofread_attachment(project):
    expected = [proofread(name, route) for name, route in attachment_rows()]
    actual = [(item.name, item.aliases, item.route) for item in project.not_issued]
    assert len(actual) == 20, f"不应出具清单应有 20 项，实际 {len(actual)} 项"
    missing = [row[0] for row in expected if row not in actual]
    extra = [row[0] for row in actual if row not in expected]
    assert not missing and not extra, f"与附件不一致：缺少或不同 {missing}；多出或不同 {extra}"
    assert sorted(actual) == sorted(expected)


def test_the_sample_set_draws_no_proofreading_warning(cli):
    result = cli("check", cwd=REPO)
    assert "警告" not in result.output, result.output


def test_not_issued_names_are_unique(project):
    names = [item.name for item in project.not_issued]
    assert len(set(names)) == len(names)


def test_at_least_eight_retained_items(project):
    assert len(project.retained) >= 8, f"保留清单至少应有 8 项，实际 {len(project.retained)} 项"


def _basis_gaps(item: Item) -> list[str]:
    if not item.legal_basis:
        return [f"{item.id}: 没有法律法规依据"]
    return [f"{item.id}: legal_basis[{i}] 缺少 law/article/excerpt" for i, basis in enumerate(item.legal_basis)
            if not (basis.law.strip() and basis.article.strip() and basis.excerpt.strip())]


def test_every_retained_item_cites_law_article_and_excerpt(project):
    assert project.retained, "没有任何保留事项"
    gaps = [gap for item in project.retained for gap in _basis_gaps(item)]
    assert gaps == []


def test_both_deadline_kinds_are_used(project):
    kinds = {item.deadline.type for item in project.retained if item.deadline}
    assert kinds == {"on-the-spot", "working-days"}, f"出具时限种类：{sorted(kinds)}"


def test_some_item_involves_public_interest(project):
    assert [i.id for i in project.retained if i.public_interest], "至少一项保留事项应涉及公共利益"


def test_at_least_two_items_have_a_commitment(project):
    with_commitment = [i.id for i in project.retained if i.commitment is not None]
    assert len(with_commitment) >= 2, f"至少两项保留事项应有告知承诺，实际：{with_commitment}"


def test_config_title_marks_it_as_a_sample():
    assert CONFIG.is_file(), f"缺少配置文件 {CONFIG}"
    config = load_project(CONFIG, DATA).config
    assert "示例" in config.title, f"配置标题应含“示例”：{config.title}"
