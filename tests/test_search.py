"""The search index script (guidegen/site/search.py): what it holds, that it is safe, its size."""

from __future__ import annotations

import gzip
import json

from conftest import SITE, VALID_NOT_ISSUED, VALID_RETAINED

from guidegen.model import Item
from guidegen.project import load_project
from guidegen.site.search import GLOBAL, index_script

PREFIX = f"window.{GLOBAL}=".encode()


def parse(script: bytes) -> dict:
    assert script.startswith(PREFIX) and script.endswith(b";\n")
    return json.loads(script[len(PREFIX):-2])


def test_every_searchable_text_of_both_lists_is_in_the_index():
    retained = Item.model_validate(VALID_RETAINED)
    not_issued = Item.model_validate({**VALID_NOT_ISSUED, "aliases": ["亲属证明"], "department": "公安机关"})
    index = parse(index_script([retained, not_issued]))
    assert index["fields"]["r"] == "办事途径"
    first, second = index["items"]
    assert first == ["guardian-designation", 1, [
        ["n", "指定监护人证明", "zdjhrzm"], ["a", "监护人指定证明", "jhrzdzm"],
        ["p", "办理监护相关事务"], ["d", "民政部门", "mz(bp)m"]]]
    assert second[:2] == ["kinship", 0]
    assert [f[0] for f in second[2]] == ["n", "a", "d", "r"]
    assert second[2][3][1] == VALID_NOT_ISSUED["route"]


def test_user_text_cannot_end_or_break_out_of_the_script():
    hostile = Item.model_validate({**VALID_NOT_ISSUED, "name": "</script><script>alert(1)</script>",
                                   "route": "行一\u2028行二"})
    script = index_script([hostile]).decode()
    assert "</" not in script and "\u2028" not in script
    assert parse(script.encode())["items"][0][2][0][1] == "</script><script>alert(1)</script>"


def test_the_index_of_1000_items_stays_under_300_kb_gzipped():
    # 1,000 items made from the site test project, each with its own id and name
    sample = load_project(SITE / "guidegen.yaml").items
    items = [Item.model_validate({**item.model_dump(), "id": f"item-{n:04d}",
                                  "name": f"{item.name}（{n:04d}）"})
             for n in range(1000) for item in [sample[n % len(sample)]]]
    size = len(gzip.compress(index_script(items), 9))
    assert size <= 300 * 1024, size  # bench/site_index.py measures it on the bench data set
