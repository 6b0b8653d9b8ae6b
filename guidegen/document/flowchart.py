"""The procedure flowchart laid out once, in points: 申请 → one box per step → 办结."""

from __future__ import annotations

from guidegen.document.blocks import FlowArrow, FlowBox, Flowchart
from guidegen.model import Step

WIDTH = 284.0  # 100 mm: centred in the 156 mm text block
STEP_W, STEP_H = 256.0, 40.0
END_W, END_H = 90.0, 22.0
GAP = 14.0  # room for an arrow between boxes
TITLE_SIZE, ACTOR_SIZE = 10.5, 9.0  # 五号 and 小五
PADDING = 8.0  # each side, inside a box


def _fit(text: str, size: float) -> str:
    """``text`` cut with … to what fits on one line of a box (CJK characters are 1 em)."""
    room = int((STEP_W - 2 * PADDING) // size)
    return text if len(text) <= room else text[: room - 1] + "…"


def layout(name: str, steps: tuple[Step, ...]) -> Flowchart:
    """Boxes and arrows top to bottom; the title names every step for screen readers."""
    centre = WIDTH / 2
    boxes = [FlowBox(centre - END_W / 2, 0.0, END_W, END_H, ("申请",), end=True)]
    arrows = []
    y = END_H
    for no, step in enumerate(steps, 1):
        arrows.append(FlowArrow(centre, y, y + GAP))
        y += GAP
        lines = (_fit(f"{no}.{step.title}", TITLE_SIZE),)
        if step.actor:
            lines += (_fit(step.actor, ACTOR_SIZE),)
        boxes.append(FlowBox((WIDTH - STEP_W) / 2, y, STEP_W, STEP_H, lines))
        y += STEP_H
    arrows.append(FlowArrow(centre, y, y + GAP))
    y += GAP
    boxes.append(FlowBox(centre - END_W / 2, y, END_W, END_H, ("办结",), end=True))
    title = "；".join(f"{no}.{s.title}" + (f"（{s.actor}）" if s.actor else "")
                     for no, s in enumerate(steps, 1))
    return Flowchart(f"{name}办理流程图：{title}", WIDTH, y + END_H, tuple(boxes), tuple(arrows),
                     TITLE_SIZE, ACTOR_SIZE)
