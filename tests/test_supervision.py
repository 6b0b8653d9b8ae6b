"""监督与纠正: the not-issued page, the notice and the poster tell residents that departments
must not ask for the certificate, where to report one that does, and the transition rule
quoted verbatim from the policy text (tests/fixtures/transition-rule.txt)."""

from __future__ import annotations

from pathlib import Path

from clients import Page, squash
from conftest import REPO, dump, line_in

from guidegen.context import Contexts
from guidegen.document import outline
from guidegen.document.supervision import where_to_report
from guidegen.model import Config, Contact, Supervision
from guidegen.plan import plan
from guidegen.project import load_project
from guidegen.render.registry import Renderers
from guidegen.settings import Settings

RULE = (Path(__file__).parent / "fixtures" / "transition-rule.txt").read_text(encoding="utf-8").strip()
SAMPLE = REPO / "guidegen.yaml"


def test_the_notice_and_the_poster_say_where_to_report_and_quote_the_rule():
    project = load_project(SAMPLE)
    s = project.config.supervision
    for kind in ("notice", "poster"):
        doc = outline(kind, None, project.config, project.not_issued, project.retained)
        text = "".join(b.text for b in doc.blocks if b.type == "para")
        assert "不得要求办事群众到村（居）民委员会开具" in text, kind
        assert s.unit in text and s.hotline in text and s.url in text, kind
        assert f"“{RULE}”" in text and "辽民发〔2020〕52号" in text, kind


def test_every_not_issued_page_tells_residents_plainly(tmp_path):
    project = load_project(SAMPLE)
    renderers = Renderers(project, Settings(out_dir=tmp_path))
    pages = [o for o in plan(project, ("html",)) if o.kind == "page"
             and not next(i for i in project.items if i.id == o.item_id).retained]
    assert len(pages) == len(project.not_issued)
    for output in pages:
        item = next(i for i in project.items if i.id == output.item_id)
        page = Page(renderers.render(output).decode("utf-8"))
        text = squash(page.text)
        assert squash(f"不得要求办事群众到村（居）民委员会开具“{item.name}”") in text
        assert squash(project.config.supervision.hotline) in text and squash(RULE) in text
        assert page.find("section", class_="supervision")


def test_without_a_supervision_block_the_complaint_line_or_the_authority_is_named():
    assert where_to_report(Config(contact=Contact(complaint_phone="12345"))) == "拨打投诉电话12345反映"
    assert where_to_report(Config(authority="某县民政局")) == "向某县民政局反映"
    assert where_to_report(Config(supervision=Supervision(hotline="110"))) == "通过监督电话：110反映"


def test_a_configured_rule_replaces_the_quoted_one():
    config = Config(supervision=Supervision(transition="本省规定的原文。", transition_source="《某省意见》"))
    doc = outline("notice", None, config)
    text = "".join(b.text for b in doc.blocks if b.type == "para")
    assert "《某省意见》规定：“本省规定的原文。”" in text and RULE not in text


def test_a_bad_supervision_url_is_reported_in_chinese_with_its_line(tmp_path, cli):
    config = {"title": "测试", "supervision": {"unit": "某科", "url": "www.example.gov.cn jiandu"}}
    (tmp_path / "guidegen.yaml").write_text(dump(config), encoding="utf-8")
    (tmp_path / "data" / "items").mkdir(parents=True)
    result = cli("check", cwd=tmp_path)
    assert result.exit_code == 1
    line = line_in((tmp_path / "guidegen.yaml").read_text(encoding="utf-8"), "url:")
    assert f"guidegen.yaml:{line}: supervision.url: 网址应以 http:// 或 https:// 开头" in result.output


def test_contexts_give_the_page_of_a_retained_item_no_supervision_block():
    project = load_project(SAMPLE)
    contexts = Contexts(project)
    page = next(o for o in plan(project, ("html",)) if o.kind == "page" and o.item_id == project.retained[0].id)
    assert "supervision" not in contexts.for_output(page)
