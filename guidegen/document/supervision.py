"""监督与纠正: what residents are told about a certificate committees no longer issue.

The policy texts set up 公开曝光和强制纠正 with a 监督电话 and a 监督平台, and keep a
transition rule for the not-issued list. Every not-issued item page, the notice and the
poster say both, from the ``supervision`` block of guidegen.yaml.
"""

from __future__ import annotations

from guidegen.document.blocks import Para, Run, para
from guidegen.model import Config

# Quoted verbatim from 辽民发〔2020〕52号 三（四）, the text the sample's not-issued list
# comes from (seed 001, line 49; tests/fixtures/transition-rule.txt).
TRANSITION = (
    "对于《不应由基层群众性自治组织出具证明事项清单（第一批）》所列的证明事项，现阶段如因政策措施"
    "衔接不到位或各类民商事主体明确要求，居民群众仍需办理的，基层群众性自治组织应本着便利居民群众"
    "办事创业的原则，对于属于自身职责范围内且能够核实的，据实为居民群众出具相关证明。")
TRANSITION_SOURCE = "《关于改进和规范基层群众性自治组织出具证明工作的实施意见》（辽民发〔2020〕52号）"
ASKERS = "政府部门、公用企事业单位和服务机构"


def where_to_report(config: Config) -> str:
    """受理单位, 监督电话 and 网址 as one phrase; the complaint line when none is configured."""
    s = config.supervision
    ways = "；".join(f"{label}：{value}" for label, value in (
        ("监督电话", s.hotline), ("网址", s.url)) if value)
    if s.unit:
        return f"向{s.unit}反映" + (f"（{ways}）" if ways else "")
    if ways:
        return f"通过{ways.replace('；', '，或')}反映"
    if config.contact.complaint_phone:
        return f"拨打投诉电话{config.contact.complaint_phone}反映"
    return f"向{config.authority}反映"


def report(config: Config, subject: str) -> Para:
    """Departments must not send residents to the committee for ``subject``, and where to
    report one that does."""
    return para(f"{ASKERS}不得要求办事群众到村（居）民委员会开具{subject}。遇到要求开具的，"
                f"可以{where_to_report(config)}，有关部门将督促纠正。")


def transition(config: Config) -> Para:
    """The transition rule, quoted from the policy text that applies (the config's or the
    sample's)."""
    s = config.supervision
    quote = s.transition or TRANSITION
    source = s.transition_source or ("" if s.transition else TRANSITION_SOURCE)
    lead = f"政策衔接期间，{source}规定：" if source else "政策衔接期间的规定："
    return Para((Run("过渡期规定：", "label"), Run(f"{lead}“{quote.rstrip('。')}。”")))


def item_blocks(config: Config, name: str) -> tuple[Para, ...]:
    """What a not-issued item's page tells residents."""
    return (report(config, f"“{name}”"), transition(config))


def list_blocks(config: Config) -> tuple[Para, ...]:
    """What the notice and the poster tell residents below the list."""
    return (report(config, "上述证明"), transition(config))
