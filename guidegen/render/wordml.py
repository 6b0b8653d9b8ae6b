"""WordprocessingML the DOCX templates insert: a paragraph's runs, and the flowchart.

``{{r b|runs }}`` in a styled prototype paragraph writes the paragraph's runs: text,
blanks (character style "Fill Blank"), run-in labels ("Run-in Heading") and tabs.
Building them here, once per paragraph, is ~3× faster than a docxtpl loop with a
``{%r %}`` tag per kind of run, which also leaves two empty runs per tag behind.

``{{r b|qrcode }}`` shows a page's QR code: an inline picture of the PNG the DOCX renderer
adds to the package (render/qrcode.py), which Word, WPS and LibreOffice all show.

``{{r b|drawingml }}`` draws the outline's flowchart. A group
(wpg) of text-box shapes (wps) and arrow connectors is what Word itself writes for
"插入 → 形状"; LibreOffice imports it as a group of shapes with text frames. The
text uses the templates' paragraph styles "Flowchart Text" and "Flowchart Actor",
so a clerk restyles it like any other text. A string template is filled per
document: no XML tree is built (~0.1 ms for a five-step chart).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from guidegen.document.blocks import Flowchart, Para, QrCode
from guidegen.render.bidi import confine_bidi
from guidegen.render.qrcode import EMU_PER_MM, RELATIONSHIP

EMU = 12700  # per point
LINE = '<a:ln w="12700"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>{}</a:ln>'
BOX = (
    '<wps:wsp><wps:cNvPr id="{id}" name="{name}"/><wps:cNvSpPr/><wps:spPr>'
    '<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
    '<a:prstGeom prst="{shape}"><a:avLst/></a:prstGeom>'
    '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>' + LINE.format("") + '</wps:spPr>'
    '<wps:txbx><w:txbxContent>{text}</w:txbxContent></wps:txbx>'
    '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="45720" tIns="0" rIns="45720" bIns="0"'
    ' anchor="ctr" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>'
)
ARROW = (
    '<wps:wsp><wps:cNvPr id="{id}" name="箭头 {id}"/><wps:cNvCnPr/><wps:spPr>'
    '<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="0" cy="{h}"/></a:xfrm>'
    '<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>'
    + LINE.format('<a:tailEnd type="triangle" w="med" len="med"/>') + '</wps:spPr><wps:bodyPr/></wps:wsp>'
)
PARAGRAPH = '<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
GROUP = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{w}" cy="{h}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="1" name="办理流程图" descr="{title}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup">'
    '<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/>'
    '<a:chOff x="0" y="0"/><a:chExt cx="{w}" cy="{h}"/></a:xfrm></wpg:grpSpPr>{shapes}</wpg:wgp>'
    '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
)

PICTURE = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{size}" cy="{size}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="1" name="二维码" descr="{url}"/><wp:cNvGraphicFramePr>'
    '<a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/>'
    '</wp:cNvGraphicFramePr>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="0" name="qr.png" descr="{url}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
)

TEXT = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
LABEL = '<w:r><w:rPr><w:rStyle w:val="Run-inHeading"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
# A blank: 4 × width NO-BREAK SPACEs, 1/4 em each in the style's Times New Roman, never
# trailing whitespace Word or LibreOffice would drop at a line end; ZERO WIDTH SPACEs
# around it let a line break there (a NO-BREAK SPACE glues to the text beside it).
BLANK = ('<w:r><w:rPr><w:rStyle w:val="FillBlank"/></w:rPr><w:t xml:space="preserve">'
         '\u200b{}\u200b</w:t></w:r>')
TAB = "<w:r><w:tab/></w:r>"
BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
TAB_IN_TEXT = '</w:t><w:tab/><w:t xml:space="preserve">'


def _run_text(value: str) -> str:
    return escape(confine_bidi(value)).replace("\n", BREAK).replace("\t", TAB_IN_TEXT)


def runs(paragraph: Para) -> Markup:
    """The runs of one outline paragraph (for docxtpl's ``{{r }}``, which replaces a run)."""
    out = []
    for run in paragraph.runs:
        if run.kind == "blank":
            out.append(BLANK.format("\u00a0" * (4 * run.width)))
        elif run.kind == "tab":
            out.append(TAB)
        elif run.text:
            out.append((LABEL if run.kind == "label" else TEXT).format(_run_text(run.text)))
    return Markup("".join(out))


def _emu(points: float) -> int:
    return round(points * EMU)


def _text(value: str) -> str:
    return escape(confine_bidi(value), {'"': "&quot;"})


def drawingml(chart: Flowchart) -> Markup:
    """The run holding the chart (for docxtpl's ``{{r }}``, which replaces a run)."""
    shapes, shape_id = [], 2
    for arrow in chart.arrows:
        shapes.append(ARROW.format(id=shape_id, x=_emu(arrow.x), y=_emu(arrow.y1),
                                   h=_emu(arrow.y2 - arrow.y1)))
        shape_id += 1
    for box in chart.boxes:
        styles = ("Flowchart Text", "Flowchart Actor")
        text = "".join(PARAGRAPH.format(style=styles[min(i, 1)].replace(" ", ""), text=_text(line))
                       for i, line in enumerate(box.lines))
        shapes.append(BOX.format(id=shape_id, name=_text(box.lines[0]), x=_emu(box.x), y=_emu(box.y),
                                 w=_emu(box.w), h=_emu(box.h), text=text,
                                 shape="flowChartTerminator" if box.end else "roundRect"))
        shape_id += 1
    return Markup(GROUP.format(w=_emu(chart.width), h=_emu(chart.height), title=_text(chart.title),
                               shapes="".join(shapes)))


def qrcode(block: QrCode) -> Markup:
    """The run holding the QR code's picture (for docxtpl's ``{{r }}``)."""
    return Markup(PICTURE.format(size=round(block.size * EMU_PER_MM), url=_text(block.url),
                                 rel=RELATIONSHIP))
