"""The site search index: a small script every page can load, also from ``file://``.

Browsers refuse ``fetch()`` on ``file://``, so the index is a script that assigns one
global; ``assets/site.js`` loads it on first use and searches it. Each item carries the
texts a resident may type a fragment of, each with its pinyin initials (one slot per
character, see ``pinyin.initials``) so that ``hj`` finds 户籍.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from guidegen.model import Item
from guidegen.site.pinyin import initials

# Field codes → the label shown beside a match found outside the name (site.js has them too).
FIELDS = {"n": "证明名称", "a": "又称", "p": "办理用途", "d": "主管部门", "r": "办事途径"}
GLOBAL = "GUIDEGEN_SEARCH"


INITIALS = ("n", "a", "d", "r")  # purposes are long sentences: searched by characters only


def texts(item: Item) -> list[tuple[str, str]]:
    """(field code, text) of one item, name first; empty fields left out."""
    found = [("n", item.name)]
    found += [("a", alias) for alias in item.aliases]
    found += [("p", purpose) for purpose in item.purposes]
    found += [("d", item.department or ""), ("r", item.route or "")]
    return [(code, text) for code, text in found if text]


@lru_cache(maxsize=8192)  # guidegen serve rebuilds the index after every edit
def record(item: Item) -> list:
    """One item's entry: ``[id, 1 if retained else 0, [[code, text, initials?], ...]]``."""
    fields = [[c, t, initials(t)] if c in INITIALS else [c, t] for c, t in texts(item)]
    return [item.id, int(item.retained), fields]


def index_script(items: Iterable[Item]) -> bytes:
    """``assets/search-index.js``: one statement assigning the index to a global."""
    data = {"version": 1, "fields": FIELDS, "items": [record(i) for i in items]}
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</" cannot end a <script> here (it is never inline), but keep the file safe to inline.
    body = body.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL}={body};\n".encode()
