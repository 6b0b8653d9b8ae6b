"""Synthetic item sets for the benchmark: N retained items derived from the bundled samples.

Each item takes a sample (data/items, in turn) and varies its id, name and wording with a
fixed random seed, so every document differs and every run measures the same data.
"""

from __future__ import annotations

import copy
import random
import re
import shutil
from pathlib import Path

import yaml

from paths import REPO

SEED = 20261101
SAMPLES = REPO / "data" / "items"

PLACES = ["青山村", "石桥村", "杨柳社区", "河湾村", "松林村", "东岭社区", "白沙村", "桃源社区",
          "梨花村", "金竹村", "龙潭村", "新街社区", "清水村", "高坡村", "北门社区", "柏树村",
          "大营村", "小河村", "南山社区", "红岩村"]
PEOPLE = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱",
          "胡", "郭", "何", "林", "罗", "高"]
ROLES = ["村委会主任", "社区居委会副主任", "村务监督委员会成员", "网格员", "驻村工作队员", "村民小组长"]
SITUATIONS = ["外出务工人员返乡办理相关业务", "申请人年事已高行动不便", "跨省异地办理相关手续",
              "申请人长期在外地居住", "办理金融机构相关业务", "办理社会保险待遇领取手续",
              "子女入学登记", "申请临时救助", "办理公证事务", "办理不动产登记"]
DETAILS = ["材料齐全的当场受理", "必要时可以通过电话、视频等方式核实", "核实情况应当如实记录",
           "涉及个人隐私的信息应当严格保密", "调查核实应当由两名以上工作人员进行",
           "可以通过部门信息共享核查的，不再要求申请人提供", "应当一次性告知需要补正的全部内容"]


def sample_items() -> tuple[list[dict], str]:
    """The retained sample items to derive from, and a note of where they came from."""
    found = []
    for path in sorted(SAMPLES.rglob("*.y*ml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("status") == "retained":
            found.append(data)
    if not found:
        raise SystemExit(f"{SAMPLES} 中没有保留事项（status: retained），无法派生合成条目")
    return found, f"data/items 中的 {len(found)} 个保留事项"


def vary(template: dict, index: int) -> dict:
    """One synthetic retained item: new id, name and wording, deterministic per index."""
    rng = random.Random(SEED * 100_003 + index)
    item = copy.deepcopy(template)
    place = PLACES[index % len(PLACES)]
    person = PEOPLE[(index // len(PLACES)) % len(PEOPLE)] + rng.choice(["某某", "某", "某甲", "某乙"])
    item["id"] = f"item-{index:05d}"
    item["name"] = f"{place}{template['name']}（{index:05d}）"
    item["status"] = "retained"
    item["order"] = index
    for key in ("aliases", "batch", "route"):
        item.pop(key, None)
    purposes = list(item.get("purposes") or ["办理相关业务时证明有关情况"])
    rng.shuffle(purposes)
    purposes = purposes[: rng.randint(1, len(purposes))]
    purposes = [f"{p}（{place}，{rng.choice(SITUATIONS)}）" for p in purposes]
    if rng.random() < 0.5:
        purposes.append(f"{rng.choice(SITUATIONS)}时，证明申请人在{place}的有关情况")
    item["purposes"] = purposes
    # Excerpts stay as the template quotes them: one article quoted with a thousand
    # different texts would be a thousand warnings of `check` (validate/rules.py).
    conditions = list(item.get("conditions") or [])
    conditions.append(f"申请人户籍或者经常居住地在{place}第{rng.randint(1, 12)}村民小组")
    item["conditions"] = conditions
    for material in item.get("materials") or []:
        material["note"] = f"{material.get('note') or ''}{rng.choice(DETAILS)}".strip()
    for step in item.get("procedure") or []:
        step["detail"] = f"由{person}（{rng.choice(ROLES)}）负责：{step.get('detail') or ''}{rng.choice(DETAILS)}"
    deadline = item.get("deadline")
    if isinstance(deadline, dict) and deadline.get("type") == "working-days":
        deadline["days"] = rng.randint(1, 20)
        legal = item.get("legal_deadline")  # the promised time may not exceed the legal one
        if isinstance(legal, dict) and legal.get("type") == "working-days":
            legal["days"] = max(legal.get("days") or 0, deadline["days"])
    form = item.get("form")
    if isinstance(form, dict):
        form["title"] = f"{form.get('title') or template['name']}"
        form["text"] = f"（{place}）{form['text']}"
    return item


def make_set(size: int, templates: list[dict], work: Path) -> Path:
    """work/set-N/{guidegen.yaml,data/items/*.yaml} with ``size`` items; returns the set folder."""
    root = work / f"set-{size}"
    shutil.rmtree(root, ignore_errors=True)
    items_dir = root / "data" / "items"
    items_dir.mkdir(parents=True)
    for index in range(1, size + 1):
        item = vary(templates[(index - 1) % len(templates)], index)
        text = yaml.safe_dump(item, allow_unicode=True, sort_keys=False, width=1000)
        (items_dir / f"{item['id']}.yaml").write_text(text, encoding="utf-8")
    config_src = REPO / "guidegen.yaml"
    config = {}
    if config_src.is_file():
        config = yaml.safe_load(config_src.read_text(encoding="utf-8")) or {}
    config["data"] = "data/items"
    # The figures are of the item documents and the site; the booklets, laid out from every
    # item again, are measured on their own (bench/booklets.py).
    config["booklets"] = False
    (root / "guidegen.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def rename_one(set_dir: Path, size: int) -> Path:
    """Edit the name of one item (the middle one) in place; returns its file."""
    path = set_dir / "data" / "items" / f"item-{max(1, size // 2):05d}.yaml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"^name: (.*)$", lambda m: f"name: {m.group(1)}（已修改）", text,
                          count=1, flags=re.M)
    assert count == 1, path
    path.write_text(text, encoding="utf-8")
    return path
