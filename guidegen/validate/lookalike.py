"""Characters that look like common Chinese characters but are not them.

Kangxi radicals (⼈ U+2F08 for 人), CJK radicals and compatibility ideographs come
in with text pasted from PDFs and some input methods; they print the same but never
match in search or in the "no name on both lists" rule, so names are compared after
NFKC and such characters are named.
"""

from __future__ import annotations

import re
import unicodedata

_BLOCKS = (
    (0x2E80, 0x2EFF, "中日韩部首补充"),
    (0x2F00, 0x2FDF, "康熙部首"),
    (0xF900, 0xFAFF, "中日韩兼容汉字"),
    (0x2F800, 0x2FA1F, "中日韩兼容汉字补充"),
)
# CJK Radicals Supplement forms NFKC leaves alone (only ⺟ and ⻳ have decompositions), with
# the ideograph each stands for (Unicode's EquivalentUnifiedIdeograph.txt; the radical-only
# shapes such as ⺅ 亻 map to their standalone component characters).
_RADICALS = dict(zip(
    "⺁⺂⺃⺄⺅⺆⺉⺊⺋⺌⺎⺏⺐⺒⺓⺔⺖⺗⺘⺙⺛⺜⺝⺞⺠⺡⺢⺣⺤⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺶⺸⺹⺺⺻⺼⺽⺾⻁⻂⻃⻄⻅⻆⻈⻉⻋⻌⻏"
    "⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲",
    "厂乛乚乙亻冂刂卜㔾小兀尣尢巳幺彑忄心扌攵旡日月歺民氵氺灬爫丬牛犭王疋目示礻竹糹纟罓罒网羊羋耂肀聿肉臼艹虎衤覀西见角讠贝车辶阝"
    "钅長镸长门阜阝雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀"))
_RADICAL_TABLE = str.maketrans(_RADICALS)
_ODD = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u2060-\u206f\ufeff]")


def _block(ch: str) -> str | None:
    code = ord(ch)
    return next((name for low, high, name in _BLOCKS if low <= code <= high), None)


def odd_characters(text: str) -> list[str]:
    """Look-alikes in ``text``: radicals always, compatibility ideographs when NFKC changes them."""
    if not _ODD.search(text):
        return []
    found = [ch for ch in dict.fromkeys(_ODD.findall(text))
             if _block(ch) in ("中日韩部首补充", "康熙部首") or unicodedata.normalize("NFKC", ch) != ch]
    return found


def normalize(text: str) -> str:
    """NFKC, and the radical-supplement forms NFKC leaves alone as their ideographs."""
    return unicodedata.normalize("NFKC", text).translate(_RADICAL_TABLE)


def describe(ch: str) -> str:
    """“⼈”是康熙部首 U+2F08，应为“人”U+4EBA."""
    normal = normalize(ch)
    text = f"“{ch}”是{_block(ch)} U+{ord(ch):04X}"
    if normal != ch:
        text += f"，应为“{normal}”U+{ord(normal):04X}"
    return text


def fold(name: str) -> str:
    """A name as compared: NFKC, no invisible characters, no spaces."""
    return re.sub(r"\s+", "", _INVISIBLE.sub("", normalize(name)))


def warning(text: str) -> str | None:
    """The warning for a name with look-alike characters, or None."""
    odd = odd_characters(text)
    if not odd:
        return None
    shown = "；".join(describe(ch) for ch in odd[:5])
    return (f"含有外形像汉字的特殊字符：{shown}；打印出来一样，检索和比对时却是另一个字，"
            "请删除后用输入法重新输入")


def difference(name: str, other: str) -> str:
    """What makes two names that fold to the same text differ, for the message."""
    odd = odd_characters(name) or odd_characters(other)
    if odd:
        return "其中" + "；".join(describe(ch) for ch in odd[:5])
    hidden = sorted(set(_INVISIBLE.findall(name + other)))
    if hidden:
        return "其中含有看不见的字符 " + "、".join(f"U+{ord(ch):04X}" for ch in hidden)
    return "两者只差全角、半角或空格"
