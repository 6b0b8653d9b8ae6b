"""Regenerate the docxtpl Word templates in templates/docx/ (GB/T 9704-2012 layout).

This script is the one source of those files: edit it, run `make templates`, commit both.
tests/test_docx_templates.py fails when the committed files differ from its output. Each template is
the same generic body: a Title paragraph with ``{{ doc.title }}`` and one loop over the
outline's blocks (guidegen/document/) with a styled prototype for every block type
and paragraph role, so content and numbering come from the outline and a clerk
restyles the document in Word by changing the styles. Column widths and table header
labels are the outline's (guidegen.document.*), so the DOCX and the PDF cannot differ.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from guidegen.document.guide import MATERIALS
from guidegen.document.lists import NOTICE, REGISTER

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "templates" / "docx"

# Official font names as a civil-affairs office has them installed.  The renderer
# rewrites the East Asian font of the styles from config, so these are defaults only.
LATIN = "Times New Roman"
F_TITLE = "方正小标宋简体"
F_BODY = "仿宋_GB2312"
F_H1 = "黑体"
F_H2 = "楷体_GB2312"
F_PAGE = "宋体"

# Sizes in half-points (w:sz), line heights in twips (1 pt = 20 twips).
SZ_2 = 44  # 二号 22 pt
SZ_XIAO2 = 36  # 小二 18 pt
SZ_3 = 32  # 三号 16 pt
SZ_4 = 28  # 四号 14 pt
SZ_5 = 21  # 五号 10.5 pt
SZ_XIAO5 = 18  # 小五 9 pt
LINE_BODY = 579  # 28.95 pt: 22 lines fill the 225 mm type area (GB/T 9704 5.2.2)
CHAR_BODY = 320  # one 三号 character in twips, for the twip value of *Chars attributes
TEXT_WIDTH = 8844  # the 156 mm type area in twips (page 11906 − margins 1588 and 1474)
# GB/T 9704: 28 characters a line. 28 × 16 pt are 1.6 mm more than 156 mm, so letters are
# set 0.25 pt closer (w:spacing −5 twentieths; print.css letter-spacing: −0.25pt):
# 28 × 15.75 pt fit, 29 do not. Word's character grid (docGrid linesAndChars with a
# negative charSpace) would do the same in Word, but LibreOffice gives a character wider
# than its grid cell two cells (14 a line): the grid is of lines only.
LETTER_SPACING = -5

FIXED_DATE = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_DATE = (2000, 1, 1, 0, 0, 0)

EM_DASH = "\u2014"
NBSP = "\u00a0"

# Styles kept from python-docx's default template; the ~150 coloured table and
# list styles it ships would only clutter the clerk's style gallery.
KEEP_STYLES = {
    "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid",
    "Title", "Heading1", "Heading2", "Header", "Footer",
}

# Word picks a substitute from the font table when a font is missing, so tell it
# these are GB2312 (charset 86) fonts and which common font is closest.
FONT_TABLE = [
    (LATIN, "00", "roman", None),
    (F_PAGE, "86", "auto", "SimSun"),
    (F_BODY, "86", "modern", "仿宋"),
    (F_H1, "86", "modern", "SimHei"),
    (F_H2, "86", "modern", "楷体"),
    (F_TITLE, "86", "auto", "宋体"),
]


# --------------------------------------------------------------------------- XML helpers


def _attrs(d: dict[str, str] | None) -> str:
    return "".join(f' w:{k}="{v}"' for k, v in (d or {}).items())


def ppr_xml(
    *,
    keep_next: bool = False,
    keep_lines: bool = False,
    page_break: bool = False,
    widow: bool | None = None,
    pbdr: str = "",
    tabs: tuple[int, ...] = (),
    tab_leader: str | None = None,
    spacing: dict | None = None,
    ind: dict | None = None,
    contextual: bool = False,
    autospace: bool = True,
    jc: str | None = None,
    outline: int | None = None,
) -> str:
    # Element order follows CT_PPrBase; Word rejects out-of-order children.
    parts = []
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    if page_break:
        parts.append("<w:pageBreakBefore/>")
    if widow is not None:
        parts.append(f'<w:widowControl w:val="{int(widow)}"/>')
    if pbdr:
        parts.append(f"<w:pBdr>{pbdr}</w:pBdr>")
    if tabs:
        leader = f' w:leader="{tab_leader}"' if tab_leader else ""
        kind = "right" if tab_leader else "left"
        stops = "".join(f'<w:tab w:val="{kind}"{leader} w:pos="{pos}"/>' for pos in tabs)
        parts.append(f"<w:tabs>{stops}</w:tabs>")
    if not autospace:
        # Lines broken as WeasyPrint breaks them, so a line holds the same characters in
        # both: no 。，at a line end hanging into the margin (the character before it
        # moves down with it instead), no extra space between Chinese and Latin or digits.
        parts.append('<w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')
    if spacing and spacing.get("line", str(LINE_BODY)) != str(LINE_BODY):
        # Off the 28.95 pt line grid: LibreOffice would put each line on a whole number of
        # grid lines (Word leaves exact spacing alone).
        parts.append('<w:snapToGrid w:val="0"/>')
    if spacing:
        parts.append(f"<w:spacing{_attrs(spacing)}/>")
    if ind:
        parts.append(f"<w:ind{_attrs(ind)}/>")
    if contextual:
        # No space between two paragraphs of the same style (print.css: p.x + p.x).
        parts.append("<w:contextualSpacing/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return f"<w:pPr {nsdecls('w')}>{''.join(parts)}</w:pPr>"


def rpr_xml(
    *,
    east_asia: str | None = None,
    bold: bool | None = None,
    color: bool = False,
    letter_spacing: int | None = None,
    size: int | None = None,
    underline: bool = False,
    lang: bool = False,
) -> str:
    # Element order follows CT_RPr.  Fonts are explicit names (no *Theme attributes:
    # a theme font would override the name and silently turn Chinese text into
    # the theme's Latin/Japanese font).  w:hint="eastAsia" makes Word draw the
    # ambiguous punctuation (“”——……) with the Chinese font, as Chinese Word does.
    parts = []
    if east_asia:
        parts.append(
            f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{east_asia}"'
            f' w:cs="{LATIN}" w:hint="eastAsia"/>'
        )
    if bold is not None:
        v = "1" if bold else "0"
        parts.append(f'<w:b w:val="{v}"/><w:bCs w:val="{v}"/>')
    if color:
        parts.append('<w:color w:val="000000"/>')
    if letter_spacing is not None:
        parts.append(f'<w:spacing w:val="{letter_spacing}"/>')
    if size:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    if lang:
        parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return f"<w:rPr {nsdecls('w')}>{''.join(parts)}</w:rPr>"


def _replace_child(parent, tag: str, new, before: tuple[str, ...] = ()) -> None:
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    if new is None:
        return
    for name in before:
        anchor = parent.find(qn(name))
        if anchor is not None:
            anchor.addprevious(new)
            return
    parent.append(new)


def set_style(style, ppr: str | None = None, rpr: str | None = None) -> None:
    """Replace a style's whole pPr/rPr so nothing of Word's defaults leaks through."""
    el = style.element
    _replace_child(el, "w:pPr", parse_xml(ppr) if ppr else None, ("w:rPr", "w:tblPr"))
    _replace_child(el, "w:rPr", parse_xml(rpr) if rpr else None, ("w:tblPr",))
    for tag in ("w:rsid", "w:link"):
        for child in el.findall(qn(tag)):
            el.remove(child)


def ind(first: int = 2, size: int = SZ_3, **extra: int) -> dict:
    """Indents in characters of ``size``: Word/WPS honour the *Chars attributes (they
    follow a font-size change), LibreOffice lays out with the twip values: write both."""
    char = size * 10  # half-points → twips
    out = {"firstLineChars": str(first * 100), "firstLine": str(first * char)}
    for side, chars in extra.items():
        out.update({f"{side}Chars": str(chars * 100), side: str(chars * char)})
    return out


def exact(line: int, before: int = 0, after: int = 0) -> dict:
    return {"before": str(before), "after": str(after), "line": str(line), "lineRule": "exact"}


def set_ppr(paragraph, ppr: str) -> None:
    """Direct paragraph layout (alignment/indent) – never fonts, those live on styles."""
    p = paragraph._p
    old = p.pPr
    new = parse_xml(ppr)
    if old is not None:
        pstyle = old.find(qn("w:pStyle"))
        if pstyle is not None:
            new.insert(0, copy.deepcopy(pstyle))
        p.remove(old)
    p.insert(0, new)


# --------------------------------------------------------------------------- document set-up


def new_document(title: str, subject: str):
    doc = Document()
    _strip_package(doc)
    _define_styles(doc)
    _settings(doc)
    _font_table(doc)
    cp = doc.core_properties
    cp.title = title
    cp.subject = subject
    cp.author = "guidegen"
    cp.last_modified_by = "guidegen"
    # docxtpl renders core properties through Jinja too, so no brace tags in here.
    cp.comments = "guidegen 生成的 docxtpl 模板：双花括号内为变量，带 p、tr、r 的百分号标签为段落、表格行、文字级的循环与条件，修改样式时请保留。"
    cp.keywords = "guidegen"
    cp.category = ""
    cp.revision = 1
    cp.language = "zh-CN"
    # Fixed timestamps keep regenerated binaries byte-stable in git.
    cp.created = FIXED_DATE
    cp.modified = FIXED_DATE
    cp.last_printed = FIXED_DATE
    return doc


def _strip_package(doc) -> None:
    # The stock python-docx template carries a thumbnail of an empty page, Word 2010's
    # stylesWithEffects copy of the styles and a customXml item: stale copies a clerk
    # would never see, so drop the relationships (unreferenced parts are not saved).
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            # The stock app.xml claims "Microsoft Macintosh Word" and page/word counts
            # of an empty file; keep only what is true.
            rel.target_part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                "<Application>guidegen</Application><DocSecurity>0</DocSecurity></Properties>"
            ).encode("utf-8")
    stale = (
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        RT.CUSTOM_XML,
    )
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in stale:
            del doc.part.rels[rid]




# Paragraph styles per outline role (document/blocks.py STYLES, print.css classes):
# role → (style name, base style, pPr, rPr). Sizes and spacing match print.css.
def _role_styles() -> dict[str, tuple]:
    no_ind = ind(0)
    return {
        "flush": ("Body Flush", "Normal", ppr_xml(ind=no_ind), None),
        "item": ("List Item", "Normal", None, None),
        "right": ("Signoff", "Normal", ppr_xml(keep_next=True, spacing=exact(LINE_BODY, before=LINE_BODY),
                                                ind=ind(0, right=4), contextual=True, jc="right"), None),
        "sign": ("Signature", "Normal", ppr_xml(keep_next=True, keep_lines=True,
                                                 spacing=exact(LINE_BODY, before=280), ind=no_ind,
                                                 contextual=True, jc="left"), None),
        "note": ("Note", "Normal", ppr_xml(spacing=exact(480, before=240), ind=ind(2, SZ_4)),
                 rpr_xml(size=SZ_4)),
        "figure": ("Figure", "Normal", ppr_xml(keep_lines=True, spacing={"before": "120", "after": "160",
                                                                          "line": "240", "lineRule": "auto"},
                                                ind=no_ind, jc="center"), None),
        "cert-title": ("Form Title", "Normal", ppr_xml(keep_next=True, spacing=exact(640, after=80),
                                                        ind=no_ind, jc="center"),
                       rpr_xml(east_asia=F_TITLE, letter_spacing=72, size=SZ_XIAO2)),
        "cert-no": ("Form Number", "Normal", ppr_xml(ind=no_ind, jc="right"), None),
        "cert": ("Form Text", "Normal", ppr_xml(spacing=exact(600)), None),
        "cert-compact": ("Form Text Compact", "Form Text", ppr_xml(spacing=exact(520)), None),
        "cert-tight": ("Form Text Tight", "Form Text", ppr_xml(spacing=exact(460)), None),
        "cert-dense": ("Form Text Dense", "Form Text", ppr_xml(spacing=exact(420)), None),
        "cert-right": ("Form Seal", "Normal", ppr_xml(keep_next=True, spacing=exact(LINE_BODY, before=200),
                                                      ind=ind(0, right=2), contextual=True, jc="right"), None),
        "cert-sign": ("Form Signature", "Normal", ppr_xml(spacing=exact(520, before=80), ind=ind(0, SZ_4),
                                                           contextual=True, jc="left"), rpr_xml(size=SZ_4)),
        "cut": ("Cut Line", "Normal", ppr_xml(spacing=exact(280, before=280, after=80), ind=ind(0, SZ_5),
                                               jc="center"),
            rpr_xml(east_asia=F_H1, letter_spacing=0, size=SZ_5)),
        "stub-title": ("Stub Title", "Normal", ppr_xml(keep_next=True, ind=no_ind, jc="center"),
                       rpr_xml(east_asia=F_H1, letter_spacing=0)),
        "stub": ("Stub Text", "Normal", ppr_xml(tabs=(TEXT_WIDTH // 2,), spacing=exact(520),
                                                 ind=ind(0, SZ_4), jc="left"),
                 rpr_xml(letter_spacing=0, size=SZ_4)),
    }


def _define_styles(doc) -> None:
    styles = doc.styles
    root = styles.element
    for st in list(root.findall(qn("w:style"))):
        if st.get(qn("w:styleId")) not in KEEP_STYLES:
            root.remove(st)

    # docDefaults: what any unstyled run falls back to (also what WPS shows as 正文).
    defaults = root.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    _replace_child(rpr_default, "w:rPr", parse_xml(rpr_xml(east_asia=F_BODY, size=SZ_3, lang=True)))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    _replace_child(ppr_default, "w:pPr", parse_xml(ppr_xml(spacing={"before": "0", "after": "0"})))

    normal = styles["Normal"]
    set_style(
        normal,
        # Widow/orphan control on: no single line of a paragraph alone on a page.
        ppr_xml(widow=True, autospace=False, spacing=exact(LINE_BODY), ind=ind(), jc="both"),
        rpr_xml(east_asia=F_BODY, size=SZ_3, color=True, letter_spacing=LETTER_SPACING, lang=True),
    )
    title = styles["Title"]
    set_style(
        title,
        # 22 pt glyphs would be clipped by the 28.95 pt exact body leading: 35 pt, as print.css.
        ppr_xml(keep_next=True, spacing=exact(700, after=LINE_BODY), ind=ind(0, left=0, right=0), jc="center"),
        rpr_xml(east_asia=F_TITLE, bold=False, color=True, letter_spacing=0, size=SZ_2),
    )
    # Headings are indented two characters like a paragraph (GB/T 9704 practice), in
    # the PDF too; level 1 黑体, level 2 楷体.
    h1 = styles["Heading 1"]
    set_style(h1, ppr_xml(keep_next=True, keep_lines=True, spacing=exact(LINE_BODY), ind=ind(), outline=0),
              rpr_xml(east_asia=F_H1, bold=False, color=True, size=SZ_3))
    h2 = styles["Heading 2"]
    set_style(h2, ppr_xml(keep_next=True, keep_lines=True, spacing=exact(LINE_BODY), ind=ind(), outline=1),
              rpr_xml(east_asia=F_H2, bold=False, color=True, size=SZ_3))
    for st in (h1, h2, title):
        st.base_style = normal
        st.next_paragraph_style = normal
        st.hidden = False
        st.unhide_when_used = False
        st.quick_style = True

    header = styles["Header"]
    set_style(header, ppr_xml(spacing={"before": "0", "after": "0", "line": "240", "lineRule": "auto"},
                              ind=ind(0), jc="center"),
              rpr_xml(east_asia=F_PAGE, size=SZ_4))
    footer = styles["Footer"]
    # set_style drops the stock centre/right tab stops (laid out for Letter paper).
    # 四号宋体 page numbers, Times New Roman digits (GB/T 9704 7.5); one exact line so the
    # footer's height, and with it the number's distance from the type area, is fixed.
    set_style(footer, ppr_xml(spacing=exact(280), ind=ind(0)), rpr_xml(east_asia=F_PAGE, size=SZ_4))

    def custom(name: str, base, ppr: str | None, rpr: str | None, kind=WD_STYLE_TYPE.PARAGRAPH):
        st = styles.add_style(name, kind)
        st.base_style = base
        st.quick_style = True
        set_style(st, ppr, rpr)
        return st

    for name, base, ppr, rpr in _role_styles().values():
        custom(name, styles[base], ppr, rpr)
    table_text = custom("Table Text", normal, ppr_xml(spacing=exact(400), ind=ind(0, SZ_4), jc="left"),
                        rpr_xml(letter_spacing=0, size=SZ_4))
    custom("Table Heading", table_text, ppr_xml(keep_next=True, jc="center"), rpr_xml(east_asia=F_H1))
    flow = custom("Flowchart Text", normal, ppr_xml(spacing=exact(260), ind=ind(0, SZ_5), jc="center"),
                  rpr_xml(east_asia=F_H1, letter_spacing=0, size=SZ_5))
    custom("Flowchart Actor", flow, ppr_xml(spacing=exact(220)), rpr_xml(size=SZ_XIAO5))
    # A page's QR code (single spacing: an exact line would clip the picture) and the
    # caption and address beside it, 五号 as print.css .qr.
    custom("QR Code", normal, ppr_xml(keep_lines=True, spacing={"before": "80", "after": "0", "line": "240",
                                                                  "lineRule": "auto"}, ind=ind(0), jc="left"), None)
    custom("QR Caption", normal, ppr_xml(spacing=exact(280), ind=ind(0, SZ_5), jc="left"),
           rpr_xml(letter_spacing=0, size=SZ_5))
    default_font = styles["Default Paragraph Font"]
    custom("Run-in Heading", default_font, None, rpr_xml(east_asia=F_H2), WD_STYLE_TYPE.CHARACTER)
    # A blank is NO-BREAK SPACEs in Times New Roman, 1/4 em each, even as East Asian text:
    # LibreOffice takes U+00A0 after Chinese text from the East Asian font (1/2 em in
    # FandolFang), Word does with the eastAsia hint.
    custom("Fill Blank", default_font, None,
           f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{LATIN}"'
           f' w:cs="{LATIN}"/><w:spacing w:val="0"/><w:u w:val="single"/></w:rPr>', WD_STYLE_TYPE.CHARACTER)


def _settings(doc) -> None:
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    # "Underline trailing spaces": clerks make their own blanks from underlined spaces,
    # and without this switch Word drops the underline of spaces at a line end.
    compat.insert(0, parse_xml(f"<w:ulTrailSpace {nsdecls('w')}/>"))
    for cs in compat.findall(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), "15")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    # savePreviewPicture would make Word embed a thumbnail again on every save.
    for tag in ("w:rsids", "w:attachedTemplate", "w:savePreviewPicture"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    # 420 twips is the default tab stop of Chinese-locale Word/WPS.
    tab = settings.find(qn("w:defaultTabStop"))
    if tab is not None:
        tab.set(qn("w:val"), "420")


def _font_table(doc) -> None:
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            part = rel.target_part
            break
    else:  # pragma: no cover - the stock template always has one
        return
    fonts = []
    for name, charset, family, alt in FONT_TABLE:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        fonts.append(
            f'<w:font w:name="{name}">{alt_xml}<w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        )
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:fonts {nsdecls("w")}>{"".join(fonts)}</w:fonts>'
    )
    part._blob = xml.encode("utf-8")




def setup_section(doc, section, *, page_numbers: bool, bottom_mm: float = 35) -> None:
    """A4 with GB/T 9704 margins; a one-page sheet (bottom 20 mm) has no line grid."""
    # GB/T 9704-2012 5.2: A4, 天头 37 mm, 订口 28 mm; the type area is 156 x 225 mm.
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(bottom_mm)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    # The footer's one exact 14 pt line ends here: its top, the page number's, is
    # 7 mm below the type area (GB/T 9704 7.5: 一字线上距版心下边缘 7 mm).
    section.footer_distance = Mm(FOOTER_MM)
    section.start_type = WD_SECTION.NEW_PAGE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = parse_xml(f"<w:docGrid {nsdecls('w')}/>")
        section._sectPr.append(grid)
    # 22 lines of 28.95 pt (the styles' exact line spacing); 28 characters: LETTER_SPACING.
    # A sheet's 240 mm are no whole number of lines: LibreOffice would centre 23 grid lines
    # in them and start the page 2.5 mm lower than the PDF.
    if bottom_mm == 35:
        grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_BODY))
    if page_numbers:
        _page_number_footers(doc, section)


FOOTER_MM = 35 - 7 - 14 * 25.4 / 72  # bottom margin − 7 mm − the footer's 14 pt line
def _page_field_runs(paragraph) -> None:
    # "— 1 —": EM DASH, space, PAGE field, space, EM DASH.  The field is the classic
    # begin/instrText/separate/result/end run sequence so Word, WPS and LibreOffice
    # all update it; "1" is only the cached result.
    def run(inner: str) -> None:
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{inner}</w:r>"))

    run(f'<w:t xml:space="preserve">{EM_DASH} </w:t>')
    run('<w:fldChar w:fldCharType="begin"/>')
    run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run("<w:t>1</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')
    run(f'<w:t xml:space="preserve"> {EM_DASH}</w:t>')


def _page_number_footers(doc, section) -> None:
    # GB/T 9704 7.5: 单页码居右空一字，双页码居左空一字 → separate odd/even footers.
    doc.settings.odd_and_even_pages_header_footer = True
    one_char = {"firstLineChars": "0", "firstLine": "0"}
    odd = section.footer
    odd.is_linked_to_previous = False
    p = odd.paragraphs[0]
    p.style = doc.styles["Footer"]
    set_ppr(p, ppr_xml(ind={**one_char, "rightChars": "100", "right": "280"}, jc="right"))
    _page_field_runs(p)
    even = section.even_page_footer
    even.is_linked_to_previous = False
    p = even.paragraphs[0]
    p.style = doc.styles["Footer"]
    set_ppr(p, ppr_xml(ind={**one_char, "leftChars": "100", "left": "280"}, jc="left"))
    _page_field_runs(p)



# --------------------------------------------------------------------------- the generic body


NO_INDENT = ind(0)


def tag(container, jinja: str):
    """A paragraph that only holds a {%p %} tag; docxtpl removes it when rendering."""
    return container.add_paragraph(jinja)


def para(container, text: str = "", style: str = "Normal", *, jc: str | None = None, ind: dict | None = None, **ppr):
    """A paragraph with direct layout (alignment, indents, spacing) over its style."""
    p = container.add_paragraph(style=style)
    if text:
        p.add_run(text)
    if jc or ind or ppr:
        set_ppr(p, ppr_xml(jc=jc, ind=ind, **ppr))
    return p


def closing(container) -> None:
    """Publishing authority and date in the Signoff style (右空四字), as the outlines end."""
    para(container, "{{ project.authority }}", "Signoff")
    para(container, "{{ project.published }}", "Signoff")


def runs_paragraph(container, style: str, var: str):
    """A prototype paragraph in ``style`` holding ``var``'s runs: text as it is, blanks in the
    character style "Fill Blank", run-in labels in "Run-in Heading" (guidegen/render/wordml.py)."""
    p = container.add_paragraph(style=style)
    p.add_run(f"{{{{r {var}|runs }}}}")
    return p


def make_table(doc, widths_mm: list[float], rows: int, *, margins_pt: tuple[float, float] = (3, 4)):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: Word/WPS/LibreOffice keep the column widths
    tbl = table._tbl
    tblPr = tbl.tblPr
    total = sum(widths_mm)
    _replace_child(tblPr, "w:tblW", parse_xml(f'<w:tblW {nsdecls("w")} w:w="{int(Mm(total).twips)}" w:type="dxa"/>'),
                   ("w:jc", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    # 0.75 pt borders, as print.css draws them.
    borders = "".join(f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    _replace_child(tblPr, "w:tblBorders", parse_xml(f'<w:tblBorders {nsdecls("w")}>{borders}</w:tblBorders>'),
                   ("w:tblLayout", "w:tblCellMar", "w:tblLook"))
    v, h = (int(m * 20) for m in margins_pt)
    mar = parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:top w:w="{v}" w:type="dxa"/><w:left w:w="{h}" w:type="dxa"/>'
        f'<w:bottom w:w="{v}" w:type="dxa"/><w:right w:w="{h}" w:type="dxa"/></w:tblCellMar>'
    )
    _replace_child(tblPr, "w:tblCellMar", mar, ("w:tblLook", "w:tblCaption", "w:tblDescription"))
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            cell.paragraphs[0].style = doc.styles["Table Text"]
        # A row never breaks across pages: half a row on each page is hard to read.
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    return table


def header_row(table, labels: list[str], style_name: str = "Table Heading") -> None:
    """The first row as the header, repeated on every page a table runs onto (w:tblHeader)."""
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, label in zip(row.cells, labels):
        p = cell.paragraphs[0]
        p.style = table.part.document.styles[style_name]
        p.add_run(label)


def fill_row(row, texts: list[str], centre: tuple[int, ...] = ()) -> None:
    """One text per cell; the cells in ``centre`` centred."""
    for i, (cell, text) in enumerate(zip(row.cells, texts)):
        p = cell.paragraphs[0]
        if text:
            p.add_run(text)
        if i in centre:
            set_ppr(p, ppr_xml(jc="center"))


def data_table(doc, name: str) -> None:
    """A table prototype: header labels from the outline, one row per ``b.rows`` entry."""
    columns = TABLES[name]
    table = make_table(doc, [c.width for c in columns], 4, margins_pt=CELL_MARGINS.get(name, (3, 4)))
    header_row(table, [f"{{{{ b.columns[{i}].label }}}}" for i in range(len(columns))])
    fill_row(table.rows[1], ["{%tr for row in b.rows %}"])
    fill_row(table.rows[2], [f"{{{{ row[{i}] }}}}" for i in range(len(columns))],
             centre=tuple(i for i, c in enumerate(columns) if c.align == "center"))
    fill_row(table.rows[3], ["{%tr endfor %}"])
    return table


CERT_ROLES = ("cert-title", "cert-no", "cert", "cert-right", "cert-sign")


def frame(doc) -> None:
    """The certificate specimen of a guide: a one-cell table holding ``b.blocks``."""
    box = make_table(doc, [156], 1, margins_pt=(10, 8))
    cell = box.rows[0].cells[0]
    cell.vertical_alignment = WD_ALIGN_VERTICAL.TOP
    cell.paragraphs[0].style = doc.styles["Normal"]
    cell.paragraphs[0].add_run("{%p for c in b.blocks %}")
    roles = _role_styles()
    for n, role in enumerate(CERT_ROLES):
        tag(cell, f'{{%p {"if" if n == 0 else "elif"} c.role == "{role}" %}}')
        runs_paragraph(cell, roles[role][0], "c")
    tag(cell, "{%p endif %}")
    tag(cell, "{%p endfor %}")


QR_CELLS = (24, 132)  # mm: the code (18–20 mm) and the caption with the address


def qr_table(doc) -> None:
    """A page's QR code: a borderless row, the picture left, caption and address right."""
    table = make_table(doc, list(QR_CELLS), 1, margins_pt=(0, 0))
    _replace_child(table._tbl.tblPr, "w:tblBorders", parse_xml(
        f'<w:tblBorders {nsdecls("w")}>' + "".join(f'<w:{side} w:val="nil"/>' for side in (
            "top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"),
        ("w:tblLayout", "w:tblCellMar", "w:tblLook"))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    code, words = table.rows[0].cells
    code.paragraphs[0].style = doc.styles["QR Code"]
    code.paragraphs[0].add_run("{{r b|qrcode }}")
    words.paragraphs[0].style = doc.styles["QR Caption"]
    words.paragraphs[0].add_run("{{ b.caption }}")
    words.add_paragraph("{{ b.url }}", style="QR Caption")


TABLES = {"materials": MATERIALS, "notice": NOTICE, "register": REGISTER}
CELL_MARGINS = {"notice": (4, 4), "register": (0, 2)}  # points (top/bottom, sides), as print.css


def block_loop(doc, blocks: str, *, tables: tuple[str, ...] = (), flowchart: bool = False,
               frames: bool = False, qr: bool = False) -> None:
    """The loop over an outline's ``blocks``: one prototype per block role (the paragraph
    style, h1/h2, a table's name, flowchart, frame, qr), the common ones first."""
    tag(doc, f"{{%p for b in {blocks} %}}")
    tag(doc, "{%p set role = b.role %}")
    tag(doc, '{%p if role == "body" %}')
    runs_paragraph(doc, "Normal", "b")
    tag(doc, '{%p elif role == "h1" %}')
    doc.add_paragraph("{{ b.text }}", style="Heading 1")
    tag(doc, '{%p elif role == "h2" %}')
    doc.add_paragraph("{{ b.text }}", style="Heading 2")
    for role, (style, *_rest) in _role_styles().items():
        tag(doc, f'{{%p elif role == "{role}" %}}')
        runs_paragraph(doc, style, "b")
    for name in tables:
        tag(doc, f'{{%p elif role == "{name}" %}}')
        data_table(doc, name)
    if flowchart:
        tag(doc, '{%p elif role == "flowchart" %}')
        doc.add_paragraph("{{r b|drawingml }}", style="Figure")
    if frames:
        tag(doc, '{%p elif role == "frame" %}')
        frame(doc)
    if qr:
        tag(doc, '{%p elif role == "qr" %}')
        qr_table(doc)
    tag(doc, "{%p else %}")
    runs_paragraph(doc, "Normal", "b")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def generic_body(doc, **prototypes) -> None:
    """Title and the loop over the outline's blocks."""
    doc.add_paragraph("{{ doc.title }}", style="Title")
    block_loop(doc, "doc.blocks", **prototypes)


# --------------------------------------------------------------------------- the templates


def build_guide(out: Path) -> None:
    doc = new_document("办事指南", "村（居）民委员会出具证明事项办事指南")
    setup_section(doc, doc.sections[0], page_numbers=True)
    generic_body(doc, tables=("materials",), flowchart=True, frames=True, qr=True)
    save(doc, out / "guide.docx")


def build_form(out: Path) -> None:
    doc = new_document("证明表单样本", "村（居）民委员会出具证明表单样本（含存根）")
    # One sheet, not a 公文 page: no page number, 20 mm bottom margin (as print.css).
    setup_section(doc, doc.sections[0], page_numbers=False, bottom_mm=20)
    generic_body(doc, qr=True)
    title = doc.paragraphs[0]
    set_ppr(title, ppr_xml(spacing=exact(700, after=120)))
    title.runs[0]._r.insert(0, parse_xml(rpr_xml(letter_spacing=132)))  # 0.3 em, as print.css
    save(doc, out / "form.docx")


def build_letter(out: Path) -> None:
    doc = new_document("告知承诺书", "证明事项告知承诺书")
    setup_section(doc, doc.sections[0], page_numbers=True)
    generic_body(doc)
    save(doc, out / "letter.docx")


def build_notice(out: Path) -> None:
    doc = new_document("不应由村（居）民委员会出具证明事项清单", "不应由村（居）民委员会出具证明事项清单")
    setup_section(doc, doc.sections[0], page_numbers=True)
    generic_body(doc, tables=("notice",), qr=True)
    save(doc, out / "notice.docx")


def _toc_field(doc) -> None:
    """A TOC field of guide titles and their level-1 headings (outline levels 1–2). Its
    result is the guide titles, so a reader sees the contents before the field is updated;
    Word updates it on opening (w:updateFields)."""
    def run(paragraph, inner: str) -> None:
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{inner}</w:r>"))

    first = para(doc, "", "TOC 1")
    run(first, '<w:fldChar w:fldCharType="begin" w:dirty="true"/>')
    run(first, '<w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText>')
    run(first, '<w:fldChar w:fldCharType="separate"/>')
    # Each entry ends in a PAGEREF field to its guide's bookmark, with no cached number:
    # Word fills them in (it updates the fields on opening), LibreOffice 7.4 updates
    # neither a TOC nor a PAGEREF field when it converts, and a guessed number could be wrong.
    tag(doc, "{%p for part in doc.parts %}")
    entry = para(doc, "{{ part.title }}", "TOC 1")
    run(entry, "<w:tab/>")
    run(entry, '<w:fldChar w:fldCharType="begin"/>')
    run(entry, '<w:instrText xml:space="preserve"> PAGEREF _GuidePart{{ loop.index }} \\h </w:instrText>')
    run(entry, '<w:fldChar w:fldCharType="separate"/>')
    run(entry, '<w:fldChar w:fldCharType="end"/>')
    tag(doc, "{%p endfor %}")
    last = para(doc, "", "TOC 1")
    run(last, '<w:fldChar w:fldCharType="end"/>')
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    settings = doc.settings.element
    settings.insert(settings.index(settings.find(qn("w:defaultTabStop"))), update)


def build_booklet(out: Path) -> None:
    """The guide booklet: cover, contents (a TOC field), then every guide from a new
    odd page numbered 1; guide titles are outline level 1, their 一、 headings level 2."""
    doc = new_document("办事指南汇编", "村（居）民委员会出具证明事项办事指南汇编")
    setup_section(doc, doc.sections[0], page_numbers=False)
    styles = doc.styles
    part = styles.add_style("Part Title", WD_STYLE_TYPE.PARAGRAPH)
    part.base_style = styles["Title"]
    part.quick_style = True
    set_style(part, ppr_xml(keep_next=True, page_break=True, spacing=exact(700, after=LINE_BODY),
                            ind=ind(0, left=0, right=0), jc="center", outline=0), None)
    for name, level in (("Heading 1", 1), ("Heading 2", 2)):
        styles[name].element.pPr.find(qn("w:outlineLvl")).set(qn("w:val"), str(level))
    toc = styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    toc.base_style = styles["Normal"]
    set_style(toc, ppr_xml(tabs=(TEXT_WIDTH,), tab_leader="middleDot", ind=ind(0)), None)
    cover = para(doc, "{{ doc.title }}", "Title", spacing={"before": str(LINE_BODY * 6), "after": str(LINE_BODY * 2)})
    cover.paragraph_format.keep_with_next = True
    para(doc, "{{ project.authority }}", "Normal", jc="center", ind=NO_INDENT)
    para(doc, "{{ project.published }}", "Normal", jc="center", ind=NO_INDENT)
    block_loop(doc, "doc.blocks", qr=True)
    para(doc, "目　录", "Title", page_break=True)
    _toc_field(doc)
    body = doc.add_section(WD_SECTION.ODD_PAGE)
    setup_section(doc, body, page_numbers=True)
    body.start_type = WD_SECTION.ODD_PAGE
    body._sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    tag(doc, "{%p for part in doc.parts %}")
    title = para(doc, "", "Part Title")
    title._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{{{{ loop.index }}}}"'
                              ' w:name="_GuidePart{{ loop.index }}"/>'))
    title.add_run("{{ part.title }}")
    title._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{{{{ loop.index }}}}"/>'))
    block_loop(doc, "part.blocks", tables=("materials",), flowchart=True, frames=True)
    tag(doc, "{%p endfor %}")
    save(doc, out / "booklet.docx")


def _cell_lines(cell, var: str) -> None:
    """A cell with one paragraph per line of the list ``var`` ({%p for %} inside the cell)."""
    first = cell.paragraphs[0]
    first.add_run(f"{{%p for line in {var} %}}")
    cell.add_paragraph("{{ line }}", style=first.style)
    cell.add_paragraph("{%p endfor %}", style=first.style)


def _list_table(doc, widths: list[float], headers: list[str], cells: list[str], lines: dict[int, str]):
    """A table of the lists document: header, one {%tr for %} row, 五号 text to fit six columns."""
    t = make_table(doc, widths, 4, margins_pt=(1.4, 4.25))  # as these tables always had
    header_row(t, headers, "List Heading")
    fill_row(t.rows[1], ["{%tr for r in part.rows %}"])
    fill_row(t.rows[2], cells, centre=(0,))
    fill_row(t.rows[3], ["{%tr endfor %}"])
    for row in t.rows[1:]:
        for cell in row.cells:
            cell.paragraphs[0].style = doc.styles["List Text"]
    for index, var in lines.items():
        _cell_lines(t.rows[2].cells[index], var)
    return t


def build_lists(out: Path) -> None:
    """The submission tables (附件1–3) and the law index, to attach to an official letter."""
    doc = new_document("证明事项清单附件", "村（居）民委员会出具证明事项清单（报送附件）")
    setup_section(doc, doc.sections[0], page_numbers=True)
    text = doc.styles.add_style("List Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = doc.styles["Table Text"]
    text.quick_style = True
    # Single line spacing, as these tables had before Table Text took the exact 20 pt of
    # print.css (五号 text in narrow columns reads better close-set).
    single = ppr_xml(spacing={"before": "0", "after": "0", "line": "240", "lineRule": "auto"})
    set_style(text, single, rpr_xml(size=SZ_5))
    heading = doc.styles.add_style("List Heading", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = doc.styles["Table Heading"]
    heading.quick_style = True
    set_style(heading, single, rpr_xml(size=SZ_5))
    tag(doc, "{%p for part in parts %}")
    tag(doc, "{%p if not loop.first %}")
    doc.add_paragraph(style="Normal").add_run().add_break(WD_BREAK.PAGE)
    tag(doc, "{%p endif %}")
    # GB/T 9704 8.1: the attachment mark 附件N in 黑体 at the top left, no indent.
    para(doc, "{{ part.label }}", "Heading 1", ind=NO_INDENT)
    para(doc, "{{ part.title }}", "Title", spacing={"before": str(LINE_BODY)})
    tag(doc, "{%p if part.kind == 'retained' %}")
    _list_table(doc, [10, 28, 26, 40, 20, 32], ["序号", "证明名称", "主管部门", "法律法规依据", "出具时限", "办理用途"],
                ["{{ r.no }}", "{{ r.name }}", "{{ r.department }}", "", "{{ r.deadline }}", ""],
                {3: "r.basis", 5: "r.purposes"})
    tag(doc, "{%p elif part.kind == 'not-issued' %}")
    _list_table(doc, [10, 40, 106], ["序号", "证明名称", "办事途径"], ["{{ r.no }}", "{{ r.name }}", "{{ r.route }}"], {})
    tag(doc, "{%p else %}")
    _list_table(doc, [10, 32, 24, 60, 30], ["序号", "法律法规", "条款", "条文内容", "依据该条款的事项"],
                ["{{ r.no }}", "{{ r.law }}", "{{ r.article }}", "", "{{ r.cited_by }}"], {3: "r.excerpt"})
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    closing(doc)
    save(doc, out / "lists.docx")


def build_register(out: Path) -> None:
    doc = new_document("印章使用登记表", "村（居）民委员会印章使用登记表")
    # 15 rows of 10 mm and the heading fit one portrait page: a sheet like the form
    # (no page number, 20 mm bottom margin, as print.css).
    setup_section(doc, doc.sections[0], page_numbers=False, bottom_mm=20)
    # 五号 table text here, as print.css table.register; the style keeps its name so the
    # renderer's font rewrite still finds it.
    for name in ("Table Text", "Table Heading"):
        rpr = doc.styles[name].element.get_or_add_rPr()
        _replace_child(rpr, "w:sz", parse_xml(f'<w:sz {nsdecls("w")} w:val="{SZ_5}"/>'), ("w:szCs",))
        _replace_child(rpr, "w:szCs", parse_xml(f'<w:szCs {nsdecls("w")} w:val="{SZ_5}"/>'))
    text_ppr = doc.styles["Table Text"].element.pPr
    _replace_child(text_ppr, "w:spacing", parse_xml(f'<w:spacing {nsdecls("w")} w:line="280" w:lineRule="exact"/>'),
                   ("w:ind", "w:jc"))
    generic_body(doc, tables=("register",))
    set_ppr(doc.paragraphs[0], ppr_xml(spacing=exact(700, after=280)))
    table = doc.tables[0]
    table.rows[0].height, table.rows[0].height_rule = Mm(12), WD_ROW_HEIGHT_RULE.AT_LEAST
    table.rows[2].height, table.rows[2].height_rule = Mm(10), WD_ROW_HEIGHT_RULE.AT_LEAST
    save(doc, out / "register.docx")


# --------------------------------------------------------------------------- saving


def save(doc, path: Path) -> None:
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def _normalise_zip(data: bytes) -> bytes:
    # python-docx stamps every zip entry with the wall clock; fix the timestamps so a
    # regeneration without changes yields identical bytes.
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


BUILDERS = {
    "guide": build_guide,
    "form": build_form,
    "letter": build_letter,
    "notice": build_notice,
    "register": build_register,
    "lists": build_lists,
    "booklet": build_booklet,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: templates/docx)")
    ap.add_argument("names", nargs="*", metavar="NAME", help=f"templates to build: {', '.join(BUILDERS)} (default: all)")
    args = ap.parse_args(argv)
    unknown = sorted(set(args.names) - set(BUILDERS))
    if unknown:
        ap.error(f"unknown template(s): {', '.join(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names or BUILDERS:
        BUILDERS[name](args.out)
        print(f"wrote {args.out / (name + '.docx')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
