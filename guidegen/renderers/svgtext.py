"""A fast path for WeasyPrint's SVG text, kept apart so it is easy to drop.

WeasyPrint 70 draws an SVG ``<text>`` letter by letter: after laying out the
whole string once, it lays out every letter again with its own Pango layout
(``split_first_line``), lays it out a third time to draw it and writes one
text-showing operator per letter: ~22 ms of a ~127 ms guide, for the ~20
labels of its flowchart. A text or tspan with at most one x and one y, no
dx, dy, rotate, letter-spacing or textLength, left-to-right text and no line
breaks is drawn here as one run from that first layout, at the position and
with the bounding box (which text-anchor centres on) the letters would have
had together. Anything else goes to WeasyPrint's own ``text``.
"""

from __future__ import annotations

from math import inf
from unicodedata import bidirectional

import weasyprint.svg as svg_package
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.draw.text import draw_emojis, draw_first_line
from weasyprint.matrix import Matrix
from weasyprint.svg.bounding_box import extend_bounding_box
from weasyprint.svg.text import Style, TextBox
from weasyprint.svg.utils import normalize, size
from weasyprint.text.line_break import split_first_line

_original = None  # WeasyPrint's ``text``, set by install()


def _style(svg, node, font_size) -> Style:
    """The style WeasyPrint's ``text`` builds for a node (the same steps, in the same order)."""
    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style['font_family'] = [
        font.strip('"\'') for font in node.get('font-family', 'sans-serif').split(',')]
    style['font_style'] = node.get('font-style', 'normal')
    style['font_weight'] = node.get('font-weight', 400)
    style['font_size'] = font_size
    if node.get('direction') in ('ltr', 'rtl'):
        style['direction'] = node.get('direction')
    weight = style['font_weight']
    if weight == 'normal':
        style['font_weight'] = 400
    elif weight == 'bold':
        style['font_weight'] = 700
    else:
        try:
            style['font_weight'] = int(weight)
        except ValueError:
            style['font_weight'] = 400
    return style


def _single(node, name: str) -> tuple[bool, str | None]:
    """(usable, the one value) of a position attribute: absent or a single value."""
    value = node.attrib.get(name)
    if value is None:
        return True, None
    values = normalize(value).strip().split(' ')
    return len(values) == 1, values[0]


def simple_text(node) -> str | None:
    """The node's text when one run draws it as the letters would be drawn; else None."""
    if node.tag not in ('text', 'tspan') or node.get('direction') == 'rtl':
        return None
    if 'dx' in node.attrib or 'dy' in node.attrib or 'rotate' in node.attrib:
        return None
    text = node.text
    # Letter by letter, right-to-left letters are not reordered and a line
    # break is a letter of its own: keep WeasyPrint's result for those.
    if not text or not isinstance(text, str) or any(c in text for c in '\n\r\t'):
        return None
    if any(bidirectional(c) in ('R', 'AL') for c in text):
        return None
    return text


def text(svg, node, font_size):
    """Draw a text node as one run when it is simple, else as WeasyPrint does."""
    string = simple_text(node)
    (x_ok, x), (y_ok, y) = _single(node, 'x'), _single(node, 'y')
    if (string is None or not x_ok or not y_ok
            or svg.length(node.get('letter-spacing'), font_size)
            or svg.length(node.get('textLength'), font_size)):
        return _original(svg, node, font_size)

    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(
        string, style, svg.context, inf, 0)
    x = None if x is None else size(x, font_size, svg.inner_width)
    y = None if y is None else size(y, font_size, svg.inner_height)

    # Vertical alignment exactly as WeasyPrint's: the same hack, the same constants.
    ascent, descent = font_size * .8, font_size * .2
    y_align = 0
    display_anchor = node.get('display-anchor')
    alignment_baseline = node.get('dominant-baseline', node.get('alignment-baseline'))
    if display_anchor == 'middle':
        y_align = -height / 2
    elif display_anchor == 'top':
        pass
    elif display_anchor == 'bottom':
        y_align = -height
    elif alignment_baseline in ('central', 'middle'):
        y_align = (ascent + descent) / 2 - descent
    elif alignment_baseline in (
            'text-before-edge', 'before_edge', 'top', 'hanging', 'text-top'):
        y_align = ascent
    elif alignment_baseline in ('text-after-edge', 'after_edge', 'bottom', 'text-bottom'):
        y_align = -descent

    # The first letter's step of WeasyPrint's loop; like it, x="0" keeps the dx offset.
    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + y_align
    # The union of the letters' boxes: one line's logical extents.
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, (
        (x_position, y_position - baseline),
        (x_position + width, y_position - baseline + height)))

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    text_box = TextBox(layout, style)
    text_box.baseline = baseline
    emojis = draw_first_line(
        svg.stream, text_box, 'none', 'none', Matrix(d=-1, e=x_position, f=y_position))
    svg.stream.end_text()
    svg.stream.pop_state()
    # Colour glyphs, placed from the run's start as WeasyPrint places each letter's.
    draw_emojis(svg.stream, style, x, y, emojis)


def install() -> bool:
    """Route WeasyPrint's SVG text tags through ``text`` once; False if its shape is not
    the expected one."""
    global _original
    current = getattr(svg_package, 'text', None)
    tags = getattr(svg_package, 'TAGS', None)
    if current is text:
        return True
    if not callable(current) or not isinstance(tags, dict) or tags.get('text') is not current:
        return False
    _original = current
    # draw_node recognises text tags by comparing their handler with the module's
    # ``text``: both must change together, or text-anchor would be ignored.
    for tag, handler in list(tags.items()):
        if handler is current:
            tags[tag] = text
    svg_package.text = text
    return True
