"""Regenerate the docxtpl Word templates in templates/docx/ (GB/T 9704-2012 layout).

This script is the one source of those files: edit it, run `make templates`, commit both.
tests/test_docx_templates.py fails when the committed files differ from its output.
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
SZ_XIAO4 = 24  # 小四 12 pt
SZ_5 = 21  # 五号 10.5 pt
LINE_BODY = 560  # 28 pt exactly: 22 lines in the 225 mm type area
LINE_FORM = 720  # 36 pt so handwriting fits between printed lines
CHAR_BODY = 320  # one 三号 character in twips, fallback for *Chars attributes

FIXED_DATE = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_DATE = (2000, 1, 1, 0, 0, 0)

UNDERSCORE = "\uff3f"  # FULLWIDTH LOW LINE: a printed blank that never collapses like spaces
EM_DASH = "\u2014"

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
    widow: bool | None = None,
    pbdr: str = "",
    tabs: tuple[int, ...] = (),
    spacing: dict | None = None,
    ind: dict | None = None,
    jc: str | None = None,
    outline: int | None = None,
) -> str:
    # Element order follows CT_PPrBase; Word rejects out-of-order children.
    parts = []
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    if widow is not None:
        parts.append(f'<w:widowControl w:val="{int(widow)}"/>')
    if pbdr:
        parts.append(f"<w:pBdr>{pbdr}</w:pBdr>")
    if tabs:
        stops = "".join(f'<w:tab w:val="left" w:pos="{pos}"/>' for pos in tabs)
        parts.append(f"<w:tabs>{stops}</w:tabs>")
    if spacing:
        parts.append(f"<w:spacing{_attrs(spacing)}/>")
    if ind:
        parts.append(f"<w:ind{_attrs(ind)}/>")
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
    size: int | None = None,
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
    if size:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
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


def body_ind(first_chars: int = 200, **extra: str) -> dict:
    # Word/WPS honour the *Chars attributes (character units follow a font-size
    # change); LibreOffice lays out with the twip values, so always write both.
    ind = {"firstLineChars": str(first_chars), "firstLine": str(first_chars * CHAR_BODY // 100)}
    ind.update(extra)
    return ind


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
        ppr_xml(
            widow=False,  # Chinese documents do not push single lines around
            spacing={"before": "0", "after": "0", "line": str(LINE_BODY), "lineRule": "exact"},
            ind=body_ind(),
            jc="both",
        ),
        rpr_xml(east_asia=F_BODY, size=SZ_3, color=True, lang=True),
    )

    title = styles["Title"]
    set_style(
        title,
        ppr_xml(
            keep_next=True,
            # 22 pt glyphs would be clipped by the 28 pt exact body leading; GB/T
            # documents usually give the 二号 title a slightly looser exact leading.
            spacing={"before": "0", "after": str(LINE_BODY), "line": "700", "lineRule": "exact"},
            ind=body_ind(0, leftChars="0", left="0", rightChars="0", right="0"),
            jc="center",
        ),
        rpr_xml(east_asia=F_TITLE, bold=False, color=True, size=SZ_2),
    )

    h1 = styles["Heading 1"]
    set_style(
        h1,
        ppr_xml(keep_next=True, keep_lines=True, spacing={"before": "0", "after": "0"}, outline=0),
        rpr_xml(east_asia=F_H1, bold=False, color=True, size=SZ_3),
    )
    h2 = styles["Heading 2"]
    set_style(
        h2,
        ppr_xml(keep_next=True, keep_lines=True, spacing={"before": "0", "after": "0"}, outline=1),
        rpr_xml(east_asia=F_H2, bold=False, color=True, size=SZ_3),
    )
    for st in (h1, h2, title):
        st.base_style = normal
        st.next_paragraph_style = normal
        st.hidden = False
        st.unhide_when_used = False
        st.quick_style = True

    header = styles["Header"]
    set_style(
        header,
        ppr_xml(spacing={"before": "0", "after": "0", "line": "240", "lineRule": "auto"}, ind=body_ind(0), jc="center"),
        rpr_xml(east_asia=F_PAGE, size=SZ_XIAO4),
    )
    footer = styles["Footer"]
    # set_style drops the stock centre/right tab stops (laid out for Letter paper).
    set_style(
        footer,
        ppr_xml(spacing={"before": "0", "after": "0", "line": "240", "lineRule": "auto"}, ind=body_ind(0)),
        # 四号宋体 page numbers; Times New Roman digits (GB/T 9704 7.5).
        rpr_xml(east_asia=F_PAGE, size=SZ_4),
    )

    def custom(name: str, base, ppr: str | None, rpr: str | None, next_style=None):
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = base
        st.quick_style = True
        if next_style is not None:
            st.next_paragraph_style = next_style
        set_style(st, ppr, rpr)
        return st

    table_text = custom(
        "Table Text",
        normal,
        ppr_xml(spacing={"before": "0", "after": "0", "line": "240", "lineRule": "auto"}, ind=body_ind(0), jc="left"),
        rpr_xml(east_asia=F_BODY, size=SZ_4),
    )
    # Table Heading / Form Title / Cut Line deliberately carry NO font names: they
    # inherit from Table Text / Title, so the renderer's font rewrite of those
    # styles (and a clerk's restyle) reaches them too.
    custom(
        "Table Heading",
        table_text,
        ppr_xml(keep_next=True, jc="center"),
        rpr_xml(bold=True),
    )
    label = styles.add_style("Field Label", WD_STYLE_TYPE.CHARACTER)
    label.base_style = styles["Default Paragraph Font"]
    label.quick_style = True
    set_style(label, None, rpr_xml(bold=True))
    custom(
        "Form Text",
        normal,
        ppr_xml(spacing={"before": "0", "after": "0", "line": str(LINE_FORM), "lineRule": "exact"}),
        rpr_xml(east_asia=F_BODY, size=SZ_3),
    )
    custom(
        "Form Title",
        title,
        ppr_xml(spacing={"before": "0", "after": "280", "line": "560", "lineRule": "exact"}),
        rpr_xml(size=SZ_XIAO2),
        next_style=styles["Form Text"],
    )
    custom(
        "Cut Line",
        table_text,
        ppr_xml(
            pbdr='<w:top w:val="dashed" w:sz="6" w:space="4" w:color="auto"/>',
            spacing={"before": "200", "after": "120"},
            jc="center",
        ),
        rpr_xml(size=SZ_5),
    )


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


def setup_section(doc, section, *, page_numbers: bool) -> None:
    # GB/T 9704-2012 5.2: A4, 天头 37 mm, 订口 28 mm; the type area is 156 x 225 mm.
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    # Page number sits ~7 mm below the type area (GB/T 7.5): 35 − 7 − one 四号 line.
    section.footer_distance = Mm(22)
    section.start_type = WD_SECTION.NEW_PAGE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        grid.set(qn("w:linePitch"), str(LINE_BODY))
    if page_numbers:
        _page_number_footers(doc, section)


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


# --------------------------------------------------------------------------- content helpers


NO_INDENT = {"firstLineChars": "0", "firstLine": "0"}


def para(container, text: str = "", style: str = "Normal", *, jc: str | None = None, ind: dict | None = None, **ppr):
    p = container.add_paragraph(style=style)
    if text:
        p.add_run(text)
    if jc or ind or ppr:
        set_ppr(p, ppr_xml(jc=jc, ind=ind, **ppr))
    return p


def tag(container, jinja: str, style: str = "Normal"):
    """A paragraph that only holds a {%p %} tag; docxtpl removes it when rendering."""
    return container.add_paragraph(jinja, style=style)


def right_line(container, text: str, style: str = "Normal", right_chars: int = 400, **ppr):
    # 落款 lines: right-aligned, 右空四字 like the GB/T 成文日期.
    return para(
        container,
        text,
        style,
        jc="right",
        ind={**NO_INDENT, "rightChars": str(right_chars), "right": str(right_chars * CHAR_BODY // 100)},
        **ppr,
    )


def labelled(container, label: str, value: str, style: str = "Normal"):
    p = container.add_paragraph(style=style)
    p.add_run(label, style="Field Label")
    p.add_run(value)
    return p


def blank_line(container, label: str, blank_chars: int, style: str = "Normal", *, jc=None, ind=None, **ppr):
    """Label followed by a printed blank of FULLWIDTH LOW LINEs (never collapsed or
    dropped at a line end the way trailing underlined spaces can be)."""
    return para(container, f"{label}{UNDERSCORE * blank_chars}", style, jc=jc, ind=ind or NO_INDENT, **ppr)


def specimen(container) -> None:
    """The certificate text with underlined blanks (see item.form.paragraphs).

    One paragraph per line via {%p for %}; inside it a {%r for %} loop over the
    parts emits, per part, a plain run {{ part.text }} and an underlined run for
    part.blank.  Exactly one of the two is non-empty, so literal text comes out
    plain and a field comes out as an underlined blank.  docxtpl deletes the whole
    run holding a {%r %} tag and keeps the two value runs with their own rPr, so
    the underline survives and the output is plain text runs (no RichText).

    The blank arrives as `width` x U+3000.  Ideographic spaces are break
    opportunities, and whitespace at a line wrap hangs past the margin undrawn, so
    in the LibreOffice preview a blank that met a line end simply vanished (Word
    treats trailing spaces the same way).  Each U+3000 is therefore printed as four
    NO-BREAK SPACEs: they are not trailing whitespace, Word keeps them together,
    and LibreOffice at worst continues a long blank on the next line, still drawn.
    Word takes U+00A0 from the Latin font (Times New Roman, 1/4 em), so four keep
    the field `width` characters wide.
    """
    tag(container, "{%p for line in item.form.paragraphs %}", "Form Text")
    p = container.add_paragraph(style="Form Text")
    p.add_run("{%r for part in line %}")
    p.add_run("{{ part.text }}")
    blank = p.add_run("{{ part.blank|replace('\\u3000', '\\u00a0' * 4) }}")
    blank.underline = True
    p.add_run("{%r endfor %}")
    tag(container, "{%p endfor %}", "Form Text")


def make_table(doc, widths_mm: list[float], rows: int, *, cell_margin_mm: float = 1.5):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: Word/WPS/LibreOffice keep the column widths
    tbl = table._tbl
    tblPr = tbl.tblPr
    total = sum(widths_mm)
    _replace_child(tblPr, "w:tblW", parse_xml(f'<w:tblW {nsdecls("w")} w:w="{int(Mm(total).twips)}" w:type="dxa"/>'),
                   ("w:jc", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    m = int(Mm(cell_margin_mm).twips)
    mar = parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:top w:w="28" w:type="dxa"/><w:left w:w="{m}" w:type="dxa"/>'
        f'<w:bottom w:w="28" w:type="dxa"/><w:right w:w="{m}" w:type="dxa"/></w:tblCellMar>'
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
    row = table.rows[0]
    # Repeat the header row on every page (w:tblHeader).
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, label in zip(row.cells, labels):
        p = cell.paragraphs[0]
        p.style = table.part.document.styles[style_name]
        p.add_run(label)


def fill_row(row, texts: list[str], centre: tuple[int, ...] = ()) -> None:
    for i, (cell, text) in enumerate(zip(row.cells, texts)):
        p = cell.paragraphs[0]
        if text:
            p.add_run(text)
        if i in centre:
            set_ppr(p, ppr_xml(jc="center"))


# List items from YAML usually come without final punctuation; Chinese lists end
# items with "；" and the last one with "。".  Data that already ends in
# punctuation is left alone.
END_PUNCT = "{{% if {var}[-1:] not in '。；：！？…）' %}}{{% if loop.last %}}。{{% else %}}；{{% endif %}}{{% endif %}}"


def closing(container) -> None:
    """Publishing authority and date, right-aligned (GB/T: 成文日期右空四字)."""
    # keep_next chains the spacer, authority and date so the date never sits alone
    # on the last page.
    para(container, keep_next=True)
    right_line(container, "{{ project.authority }}", keep_next=True)
    right_line(container, "{{ project.published }}")


# --------------------------------------------------------------------------- the templates


def build_guide(out: Path) -> None:
    doc = new_document("办事指南", "村（居）民委员会出具证明事项办事指南")
    setup_section(doc, doc.sections[0], page_numbers=True)
    H1 = "Heading 1"

    para(doc, "{{ item.name }}办事指南", "Title")

    para(doc, "一、事项名称", H1)
    para(doc, "{{ item.name }}{% if item.aliases %}（又称：{{ item.aliases|join('、') }}）{% endif %}")

    para(doc, "二、出具主体", H1)
    para(doc, "{{ item.issuer }}")

    para(doc, "三、主管部门", H1)
    para(doc, "{{ item.department }}")

    para(doc, "四、办理用途", H1)
    tag(doc, "{%p for u in item.purposes %}")
    para(doc, "{% if item.purposes|length > 1 %}{{ loop.index }}．{% endif %}{{ u }}" + END_PUNCT.format(var="u"))
    tag(doc, "{%p endfor %}")

    para(doc, "五、法律法规依据", H1)
    # `law` is the bare title; the brackets belong to the layout, not the data.
    tag(doc, "{%p for b in item.legal_basis %}")
    para(doc, "{{ loop.index }}．《{{ b.law }}》{{ b.article }}{% if b.excerpt %}：{{ b.excerpt }}{% else %}。{% endif %}")
    tag(doc, "{%p endfor %}")

    para(doc, "六、受理条件", H1)
    tag(doc, "{%p for c in item.conditions %}")
    para(doc, "{% if item.conditions|length > 1 %}{{ loop.index }}．{% endif %}{{ c }}" + END_PUNCT.format(var="c"))
    tag(doc, "{%p else %}")
    para(doc, "无特殊条件。")
    tag(doc, "{%p endfor %}")

    para(doc, "七、申请材料", H1)
    tag(doc, "{%p if item.materials %}")
    t = make_table(doc, [14, 55, 33, 14, 40], 4)
    header_row(t, ["序号", "材料名称", "原件或复印件", "份数", "备注"])
    fill_row(t.rows[1], ["{%tr for m in item.materials %}"])
    fill_row(
        t.rows[2],
        ["{{ loop.index }}", "{{ m.name }}", "{{ m.original_label }}", "{{ m.copies }}", "{{ m.note }}"],
        centre=(0, 2, 3),
    )
    fill_row(t.rows[3], ["{%tr endfor %}"])
    tag(doc, "{%p else %}")
    para(doc, "无需提交申请材料。")
    tag(doc, "{%p endif %}")

    para(doc, "八、办理程序", H1)
    tag(doc, "{%p for s in item.procedure %}")
    para(doc, "{{ s.no }}．{{ s.title }}（{{ s.actor }}）：{{ s.detail }}")
    tag(doc, "{%p endfor %}")

    para(doc, "九、出具时限", H1)
    para(
        doc,
        "{% if item.deadline.type == 'working-days' %}自受理之日起{% endif %}{{ item.deadline.label }}"
        "{% if item.deadline.mode and item.deadline.mode != item.deadline.label %}（{{ item.deadline.mode }}）{% endif %}。",
    )

    para(doc, "十、调查核实", H1)
    para(doc, "{{ item.verification_label }}。")
    # The section always exists so the numbering stays fixed; only its extra
    # paragraph depends on public_interest.
    tag(doc, "{%p if item.public_interest %}")
    para(
        doc,
        "本事项涉及公共利益，村（居）民委员会应当通过村（居）民会议、村（居）民代表会议等议事协商程序"
        "听取意见，经居民群众讨论同意并经村（居）民委员会负责人签字后方可出具。",
    )
    tag(doc, "{%p endif %}")

    para(doc, "十一、收费标准", H1)
    para(doc, "{{ item.fee }}。")

    para(doc, "十二、告知承诺", H1)
    tag(doc, "{%p if item.has_letter %}")
    para(
        doc,
        "本事项实行证明事项告知承诺制。申请人可自愿选择以书面承诺替代证明，承诺书式样见"
        "《{{ item.name }}告知承诺书》；不愿承诺或者无法承诺的，应当提交证明。",
    )
    tag(doc, "{%p else %}")
    para(doc, "本事项不适用告知承诺制。")
    tag(doc, "{%p endif %}")

    para(doc, "十三、咨询与投诉", H1)
    for label, key in (("咨询电话", "phone"), ("投诉电话", "complaint_phone"), ("办理地点", "address"), ("办公时间", "hours")):
        tag(doc, f"{{%p if project.contact.{key} %}}")
        para(doc, f"{label}：{{{{ project.contact.{key} }}}}")
        tag(doc, "{%p endif %}")
    tag(doc, "{%p if not (project.contact.phone or project.contact.complaint_phone or project.contact.address) %}")
    para(doc, "请向{{ item.issuer }}或{{ item.department }}咨询。")
    tag(doc, "{%p endif %}")

    para(doc, "十四、证明式样", H1)
    # The specimen sits in a one-cell frame so it reads as "the paper you will get".
    box = make_table(doc, [156], 1, cell_margin_mm=8)
    cell = box.rows[0].cells[0]
    cell.vertical_alignment = WD_ALIGN_VERTICAL.TOP
    first = cell.paragraphs[0]
    first.style = doc.styles["Form Title"]
    set_ppr(first, ppr_xml(spacing={"before": "240"}))
    first.add_run("{{ item.form.title }}")
    specimen(cell)
    # Same signature block as form.docx.
    right_line(cell, "{{ item.issuer }}（盖章）", right_chars=200, spacing={"before": "360"})
    right_line(cell, "年\u3000\u3000月\u3000\u3000日", right_chars=200)
    tag(cell, "{%p if item.public_interest %}")
    right_line(cell, f"负责人签字：{UNDERSCORE * 6}", right_chars=200, spacing={"after": "240"})
    tag(cell, "{%p endif %}")

    closing(doc)
    save(doc, out / "guide.docx")


def build_form(out: Path) -> None:
    doc = new_document("证明表单样本", "村（居）民委员会出具证明表单样本（含存根）")
    # One printed page; a "— 1 —" on a single certificate would look odd.
    setup_section(doc, doc.sections[0], page_numbers=False)

    para(doc, "{{ item.form.title }}", "Title", spacing={"before": "0", "after": "200"})
    right_line(doc, f"编号：{UNDERSCORE * 6}", right_chars=0, spacing={"after": "140"})
    specimen(doc)
    # Signature block at the 28 pt body leading: the 36 pt Form Text leading is only
    # needed where text is handwritten into blanks.
    right_line(doc, "{{ item.issuer }}（盖章）", right_chars=200, spacing={"before": "360"})
    right_line(doc, "年\u3000\u3000月\u3000\u3000日", right_chars=200)
    tag(doc, "{%p if item.public_interest %}")
    right_line(doc, f"负责人签字：{UNDERSCORE * 6}", right_chars=200)
    tag(doc, "{%p endif %}")

    para(doc, "（沿此线剪开）", "Cut Line")

    # 存根 (the counterfoil the committee keeps): four compact lines, the second
    # column aligned on a tab stop so the blanks line up.
    para(doc, "存\u3000根", "Form Title", spacing={"after": "140"})
    col2 = 13 * CHAR_BODY
    stub = {"ind": NO_INDENT, "tabs": (col2,)}
    para(doc, f"编\u3000\u3000号：{UNDERSCORE * 7}\t经\u2002办\u2002人：{UNDERSCORE * 6}", **stub)
    para(doc, "证明名称：{{ item.name }}", ind=NO_INDENT)
    para(
        doc,
        f"申\u2002请\u2002人：{UNDERSCORE * 7}\t出具日期：{UNDERSCORE * 2}年{UNDERSCORE * 2}月{UNDERSCORE * 2}日",
        **stub,
    )
    para(doc, f"用\u3000\u3000途：{UNDERSCORE * 22}", ind=NO_INDENT)
    save(doc, out / "form.docx")


def build_letter(out: Path) -> None:
    doc = new_document("告知承诺书", "证明事项告知承诺书")
    setup_section(doc, doc.sections[0], page_numbers=True)
    H1 = "Heading 1"

    para(doc, "{{ item.name }}告知承诺书", "Title")
    # Only rendered when item.commitment exists, but a missing/None commitment must
    # still render (blank fields) instead of raising under StrictUndefined.
    tag(doc, "{%p set commitment = item.commitment or dict(obligation='', content='', liability='', verification='') %}")
    para(
        doc,
        "为减少证明材料、便利群众办事，“{{ item.name }}”实行证明事项告知承诺制。"
        "现将有关事项告知如下，申请人可自愿选择是否以书面承诺替代证明。",
    )

    para(doc, "一、告知", H1)
    # Run-in labels ("（一）事项名称：…") keep the letter to two pages (one sheet printed
    # double-sided); the label is bold through the character style "Field Label".
    labelled(doc, "（一）事项名称：", "{{ item.name }}")
    labelled(doc, "（二）证明名称：", "{{ item.form.title }}")
    labelled(
        doc,
        "（三）设定依据：",
        "{% for b in item.legal_basis %}《{{ b.law }}》{{ b.article }}{% if not loop.last %}；{% endif %}{% endfor %}。",
    )
    labelled(doc, "（四）证明义务：", "{{ commitment.obligation }}")
    labelled(doc, "（五）证明内容：", "{{ commitment.content }}")
    labelled(doc, "（六）承诺方式：", "申请人自愿以书面形式作出承诺，承诺内容真实、准确、完整，以承诺替代证明。")
    labelled(doc, "（七）不实承诺的法律责任：", "{{ commitment.liability }}")
    labelled(doc, "（八）核查方式：", "{{ commitment.verification }}")

    para(doc, "二、承诺", H1)
    para(doc, "本人郑重承诺：")
    for line in (
        "1．本人已知晓告知的全部内容；",
        "2．本人符合告知的条件和要求；",
        "3．本人提供的信息真实、准确、完整；",
        "4．本人愿意接受行政机关的核查，愿意承担不实承诺的法律责任。",
    ):
        para(doc, line)

    # The signature block is chained with keep_next so it never splits over a page.
    para(doc, keep_next=True)
    sign = {**NO_INDENT, "leftChars": "1000", "left": str(10 * CHAR_BODY)}
    blank_line(doc, "承诺人（签字）：", 7, ind=sign, keep_next=True)
    blank_line(doc, "公民身份号码：", 9, ind=sign, keep_next=True)
    para(doc, f"日\u3000\u3000期：{UNDERSCORE * 3}年{UNDERSCORE * 2}月{UNDERSCORE * 2}日", ind=sign, keep_next=True)
    para(doc, keep_next=True)
    para(doc, "出具机关：{{ project.authority }}（盖章）", ind=sign)
    para(doc)
    para(doc, "本告知承诺书一式两份，承诺人和出具机关各执一份。")
    save(doc, out / "letter.docx")


def build_notice(out: Path) -> None:
    doc = new_document("不应由村（居）民委员会出具证明事项清单", "不应由村（居）民委员会出具证明事项清单")
    setup_section(doc, doc.sections[0], page_numbers=True)

    para(doc, "不应由村（居）民委员会出具证明事项清单", "Title")
    para(
        doc,
        "根据村（居）民委员会出具证明事项清理工作有关规定，{{ project.authority }}对{{ project.region }}"
        "村（居）民委员会出具的证明事项进行了全面清理。下列{{ not_issued|length }}项证明事项不应由村（居）民委员会出具，"
        "村（居）民委员会不再出具相关证明，群众可按“办事途径”一栏所列方式办理。",
    )
    para(doc, "", spacing={"line": "240", "lineRule": "auto"})
    t = make_table(doc, [15, 45, 96], 4)
    header_row(t, ["序号", "证明名称", "办事途径"])
    fill_row(t.rows[1], ["{%tr for it in not_issued %}"])
    fill_row(t.rows[2], ["{{ loop.index }}", "{{ it.name }}", "{{ it.route }}"], centre=(0,))
    fill_row(t.rows[3], ["{%tr endfor %}"])
    for row in t.rows[1:]:
        row.height = Mm(9)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    tag(doc, "{%p if project.contact.phone or project.contact.complaint_phone %}")
    para(
        doc,
        "{% if project.contact.phone %}咨询电话：{{ project.contact.phone }}"
        "{% if project.contact.complaint_phone %}；{% endif %}{% endif %}"
        "{% if project.contact.complaint_phone %}投诉电话：{{ project.contact.complaint_phone }}{% endif %}。",
        spacing={"before": str(LINE_BODY)},
    )
    tag(doc, "{%p endif %}")
    closing(doc)
    save(doc, out / "notice.docx")


def _cell_lines(cell, var: str) -> None:
    """A cell with one paragraph per line of the list ``var`` ({%p for %} inside the cell)."""
    first = cell.paragraphs[0]
    first.add_run(f"{{%p for line in {var} %}}")
    cell.add_paragraph("{{ line }}", style=first.style)
    cell.add_paragraph("{%p endfor %}", style=first.style)


def _list_table(doc, widths: list[float], headers: list[str], cells: list[str], lines: dict[int, str]):
    """A table of the lists document: header, one {%tr for %} row, 五号 text to fit six columns."""
    t = make_table(doc, widths, 4)
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
    set_style(text, None, rpr_xml(size=SZ_5))
    heading = doc.styles.add_style("List Heading", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = doc.styles["Table Heading"]
    heading.quick_style = True
    set_style(heading, None, rpr_xml(size=SZ_5))
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
    # Portrait fits all eight columns at 小四 with narrow cell margins, and 15 rows of
    # 1 cm plus the heading stay on one page, so the sheet prints like any other.
    setup_section(doc, doc.sections[0], page_numbers=False)
    # This is a form, so table text is 小四 (12 pt) here; the style keeps its name so
    # the renderer's font rewrite still finds it.
    tt = doc.styles["Table Text"]
    tt.element.rPr.find(qn("w:sz")).set(qn("w:val"), str(SZ_XIAO4))
    tt.element.rPr.find(qn("w:szCs")).set(qn("w:val"), str(SZ_XIAO4))

    para(doc, "{{ project.region }}村（居）民委员会印章使用登记表", "Title", spacing={"before": "0", "after": "280"})
    para(
        doc,
        f"村（居）民委员会：{UNDERSCORE * 10}\u3000\u3000印章名称：{UNDERSCORE * 8}",
        "Table Text",
        spacing={"after": "120"},
    )
    widths = [12, 19, 30, 17, 22, 19, 22, 15]
    rows = 15
    t = make_table(doc, widths, rows + 1, cell_margin_mm=1)
    # Line breaks chosen by hand: automatic wrapping split "（签字）" mid-word.
    header_row(
        t,
        ["序号", "用印日期", "证明事项名称", "申请人", "用途", "审批人\n（签字）", "保管人/\n用印人\n（签字）", "备注"],
    )
    t.rows[0].height = Mm(14)
    t.rows[0].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for i, row in enumerate(t.rows[1:], start=1):
        row.height = Mm(10)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        fill_row(row, [str(i)], centre=(0,))
    para(
        doc,
        "注：印章使用的审批人与印章保管人不得为同一人。",
        "Table Text",
        spacing={"before": "120"},
    )
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
