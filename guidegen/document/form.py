"""The certificate: its specimen in a guide, and the form sheet (certificate + 存根) on one A4 page."""

from __future__ import annotations

from guidegen.document.blocks import Doc, Frame, Para, Run, blank, para
from guidegen.document.links import item_qr
from guidegen.document.text import DATE_BLANK
from guidegen.model import PLACEHOLDER, Config, Item

LINE_CHARS = 28  # characters per line of the text block (GB/T 9704 grid)
INDENT = 2  # first-line indent of a certificate paragraph
# A blank wider than this would not fit a line of the guide's framed specimen: Word and
# LibreOffice would break it over two lines where WeasyPrint moves it whole.
WIDEST = 24
FIELD_WIDEST = 40  # what the model allows: the template context keeps the width as given
# The compaction rule, the same for PDF and DOCX: the certificate's lines get the
# loosest pitch (pt) at which the sheet still fits one page (print.css p.cert-*, the
# DOCX styles "Form Text *"); its text stays 16 pt so a line holds 28 characters.
# The cut line is text, not a border: Word and LibreOffice put a paragraph border on
# different sides of the space above it.
CUT = "┄" * 16 + "（沿此线剪开）" + "┄" * 16
PITCHES = (("normal", 30), ("compact", 26), ("tight", 23), ("dense", 21))
PAGE = 680.3  # the form's text block: 297 − 37 − 20 mm, in points
# Everything else on the sheet, in points (print.css and the DOCX styles): title 35 + 6,
# 编号 28.95, seal and date 10 + 2 × 28.95, cut line 14 + 14 + 4, 存根 title
# 28.95, four stub rows of 26, and a margin for rounding.
FIXED = 41 + 28.95 + 67.9 + 32 + 28.95 + 4 * 26 + 6
# A public-interest sheet adds 负责人签字 and the 议事协商 record (4 + 2 × 26) and a stub row.
DELIBERATION = 56 + 26
# The title is 22 pt with 0.3 em between letters: 15 characters a line of 156 mm; every
# further line takes 35 pt.
TITLE_CHARS, TITLE_LINE = 15, 35
QR_MM = 15  # the item page's QR code on the sheet (print.css .qr: its height + 4 pt above)
QR = QR_MM * 72 / 25.4 + 4


def certificate_lines(item: Item, widest: int = WIDEST) -> list[tuple[Run, ...]]:
    """The certificate text, one tuple of runs per line: literal text and blanks (at most
    ``widest`` characters wide)."""
    fields = {f.key: f for f in item.form.fields}
    lines = []
    for line in item.form.text.split("\n"):
        runs, pos = [], 0
        for match in PLACEHOLDER.finditer(line):
            if match.start() > pos:
                runs.append(Run(line[pos:match.start()]))
            field = fields.get(match.group(1))
            runs.append(blank(min(field.width, widest), field.label) if field else Run(match.group(0)))
            pos = match.end()
        if pos < len(line) or not runs:
            runs.append(Run(line[pos:]))
        lines.append(tuple(runs))
    return lines


def estimated_lines(lines: list[tuple[Run, ...]]) -> int:
    """How many printed lines the certificate text takes: text breaks anywhere, a blank
    that does not fit moves to the next line whole (as it does in Word and WeasyPrint)."""
    count = 0
    for runs in lines:
        count += 1
        pos = INDENT
        for run in runs:
            if run.kind == "blank":
                if pos + run.width > LINE_CHARS:
                    count, pos = count + 1, run.width
                else:
                    pos += run.width
            else:
                total = pos + len(run.text)
                count += (total - 1) // LINE_CHARS if total else 0
                pos = total - ((total - 1) // LINE_CHARS) * LINE_CHARS if total else 0
    return count


def room(item: Item, qr: bool = True) -> float:
    """Points of the form's page left for the certificate's lines (with the QR code or not)."""
    extra_title = (len(item.form.title) - 1) // TITLE_CHARS * TITLE_LINE if item.form else 0
    return (PAGE - FIXED - extra_title - (DELIBERATION if item.public_interest else 0)
            - (QR if qr else 0))


def density(item: Item, lines: list[tuple[Run, ...]], qr: bool = True) -> str:
    """normal, compact, tight or dense: the loosest pitch at which the sheet fits a page."""
    count, left = estimated_lines(lines), room(item, qr)
    return next((name for name, pitch in PITCHES if count * pitch <= left), PITCHES[-1][0])


def fits_one_page(item: Item) -> bool:
    """True when even the densest pitch keeps the form on one sheet (``check`` warns if not).
    Items are checked without the config, so the QR code a base_url adds is counted."""
    return estimated_lines(certificate_lines(item)) * PITCHES[-1][1] <= room(item)


def signatures(item: Item) -> list[Para]:
    """Seal and date; for public-interest items 负责人签字 and the 议事协商 record beside it."""
    found = [para(f"{item.issuer}（盖章）", "cert-right"), para(DATE_BLANK, "cert-right")]
    if item.public_interest:
        found += [
            Para((Run("负责人签字："), blank(6), Run("　议事协商形式："), blank(8)), "cert-sign"),
            Para((Run("协商日期：　　年　月　日　应到"), blank(2), Run("人，实到"), blank(2),
                  Run("人，同意"), blank(2), Run("人")), "cert-sign"),
        ]
    return found


def specimen(item: Item) -> Frame:
    """The certificate as it is printed, for the guide's 证明式样 section."""
    blocks = [para(item.form.title, "cert-title"), Para((Run("编号："), blank(6)), "cert-no")]
    blocks += [Para(runs, "cert") for runs in certificate_lines(item)]
    return Frame(f"{item.form.title}（证明式样）", tuple(blocks + signatures(item)))


def form(item: Item, config: Config) -> Doc:
    """The form sheet: certificate, its page's QR code, cut line and 存根, on one page in
    every format."""
    lines = certificate_lines(item)
    qr = item_qr(config, item, QR_MM)
    level = density(item, lines, bool(qr))
    style = "cert" if level == "normal" else f"cert-{level}"
    title = item.form.title
    blocks = [Para((Run("编号："), blank(6)), "cert-no")]
    blocks += [Para(runs, style) for runs in lines]
    blocks += signatures(item)
    blocks += qr
    blocks += [
        para(CUT, "cut"),
        para("存　根", "stub-title"),
        Para((Run("编号："), blank(6), Run("\t", "tab"), Run("出具日期：" + DATE_BLANK)), "stub"),
        para(f"证明名称：{title}", "stub"),  # the same name as the certificate's title
        Para((Run("申请人："), blank(6), Run("\t", "tab"), Run("经办人："), blank(6)), "stub"),
        Para((Run("用途："), blank(22)), "stub"),
    ]
    if item.public_interest:
        blocks.append(Para((Run("负责人签字："), blank(6), Run("\t", "tab"),
                            Run("协商日期：" + DATE_BLANK)), "stub"))
    return Doc("form", title, tuple(blocks), f"{item.name}证明表单样本（{item.issuer}出具）", level)
