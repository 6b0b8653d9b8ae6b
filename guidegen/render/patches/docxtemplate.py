"""A DOCX template opened once: its unchanged members packed, its Jinja parts rendered per document.

docxtpl's ``render()`` reopens the whole package with python-docx and ``save()`` writes
it all again. Here python-docx opens a template once; per document only the parts
docxtpl renders (body, headers and footers with Jinja, footnotes, core properties) go
through docxtpl's own per-part methods, in the order ``render()`` calls them, and are
serialised as python-docx would save them. Every other member is taken, compressed,
from one python-docx save of the template.

Follows docxtpl 0.20.2 (``DocxTemplate.render`` and the steps it calls: ``build_xml``,
``fix_tables``, ``fix_docpr_ids``, ``map_tree``, ``render_xml_part``, ``render_properties``;
then ``save``) and python-docx 1.2.0 (``Document.save``, ``Part._blob``, ``XmlPart``,
``serialize_part_xml``, relationship targets). Measured by bench/patches.py on the sample
set: 1.6 instead of 7.5 ms CPU per DOCX (2026-12-06).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part, XmlPart
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate

from guidegen.render import docxzip
from guidegen.render.templates import JINJA

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
LISTING = re.compile("[\t\a\n\f]")  # what docxtpl's resolve_listing() turns into runs
PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # resolve_listing()'s own


class _Package:
    """What docxtpl's per-part methods use of a python-docx Document, for one render."""

    def __init__(self, element, part, core_element):
        self._element = element
        self._part = part
        self.core_element = core_element
        self.core_properties = CoreProperties(core_element) if core_element is not None else None

    @property
    def part(self):
        """The document part, as python-docx's ``Document.part``."""
        return self._part


class _Template(DocxTemplate):
    """docxtpl's state for one render; its XML clean-up (regexes) is shared per source."""

    def __init__(self, package: _Package, patched: dict[str, str], body_xml: str | None = None):
        super().__init__(None)
        self.docx = package
        self._patched = patched
        self._body_xml = body_xml  # the template's body, until map_tree() puts in the rendered one
        # render_init() without init_docx(): the package is open already
        self.pic_map, self.current_rendering_part, self.docx_ids_index = {}, None, 1000

    def get_xml(self):
        return super().get_xml() if self._body_xml is None else self._body_xml

    def map_tree(self, tree):
        super().map_tree(tree)
        self._body_xml = None

    def patch_xml(self, src_xml):
        if src_xml not in self._patched:
            self._patched[src_xml] = super().patch_xml(src_xml)
        return self._patched[src_xml]

    def resolve_listing(self, xml):
        # docxtpl visits every run of every paragraph to replace these characters, and
        # replaces a paragraph without any by itself: hand it only the paragraphs with some
        # (it finds the same paragraph in one alone as in the whole body).
        if not LISTING.search(xml):
            return xml
        resolve = super().resolve_listing
        return PARAGRAPH.sub(lambda m: resolve(m[0]) if LISTING.search(m[0]) else m[0], xml)


@dataclass
class _HeaderFooter:
    marker: bytes
    part: XmlPart  # the template's part: an error shows its paragraphs
    encoding: str
    patched: str


class _Footnotes:
    """A footnotes part during one render: docxtpl replaces its ``blob`` once per section."""

    def __init__(self, blob):
        self.blob = blob


def _header_footer(tpl: _Template, entry: _HeaderFooter, ctx: dict, env) -> bytes:
    xml = tpl.render_xml_part(entry.patched, entry.part, ctx, env)
    return serialize_part_xml(parse_xml(xml.encode(entry.encoding)))  # as XmlPart.load, .blob


class PreparedTemplate:
    """One template, opened once; ``template``, ``render``, ``pack`` make one document."""

    def __init__(self, document: Document, stamp: tuple[int, int], patched: dict[str, str], env):
        self.stamp, self._patched = stamp, patched
        self.part, self.root = document.part, document.element
        tpl = _Template(_Package(self.root, self.part, None), patched)
        # Each document gets a copy of the root with an empty body: docxtpl replaces the body.
        self.body_xml = tpl.get_xml()
        self.shell = copy.deepcopy(self.root)
        self.shell.body.clear()
        document.core_properties  # noqa: B018 - adds the part when missing, as every render did
        core = self.part.package.part_related_by(RT.CORE_PROPERTIES)
        self.core_blob = core.blob
        # Members made per document are saved as markers: marker → fixed bytes or None.
        self._markers: dict[bytes, bytes | None] = {}
        self.headers_footers = self._headers_footers(tpl, env)
        self.footnotes: list[tuple[bytes | None, bytes]] = []
        for part in self.part.package.iter_parts():
            if part.content_type == FOOTNOTES:
                # python-docx saves an XmlPart from its XML: docxtpl's blob would be dropped
                marker = None if isinstance(part, XmlPart) else self._marker()
                self.footnotes.append((marker, part.blob))
                if marker is not None:
                    part._blob = marker
        self.rels_name = self.part.partname.rels_uri.membername  # the body's relationships
        self.raw: dict[str, bytes] = {}  # those and the content types, as saved
        self.layout = self._skeleton(document, {self.part.partname.membername: b"body",
                                                core.partname.membername: b"core"})

    def _marker(self) -> bytes:
        marker = b"\0guidegen member %d\0" % len(self._markers)
        self._markers[marker] = None
        return marker

    def _headers_footers(self, tpl: _Template, env) -> list[_HeaderFooter]:
        rendered, self.last_header_footer = [], None
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for key, part in list(tpl.get_headers_footers(uri)):
                xml = tpl.get_part_xml(part)
                entry = _HeaderFooter(self._marker(), part, tpl.get_headers_footers_encoding(xml),
                                      tpl.patch_xml(xml))
                if any(mark in entry.patched for mark in JINJA):
                    rendered.append(entry)
                else:
                    self._markers[entry.marker] = _header_footer(tpl, entry, {}, env)
                self.last_header_footer = part
                # docxtpl relates a new part in place of the old one, with the same rels
                stand_in = Part(part.partname, part.content_type, entry.marker, part.package)
                for rel in part.rels.values():
                    stand_in.load_rel(rel.reltype, rel._target, rel.rId, rel.is_external)
                self.part.rels[key]._target = stand_in
        return rendered

    def _skeleton(self, document: Document, named: dict[str, bytes]) -> list:
        """Members in python-docx's order: packed, or (slot, name) for the rendered ones."""
        buffer = io.BytesIO()
        document.save(buffer)
        layout: list = []
        with zipfile.ZipFile(buffer) as saved:
            for name in saved.namelist():
                data = saved.read(name)
                slot = named.get(name) or (data if data in self._markers else None)
                fixed = self._markers.get(slot) if slot is not None else data
                if name in (self.rels_name, "[Content_Types].xml"):
                    self.raw[name] = data
                if fixed is None:
                    layout.append((slot, name))
                else:
                    layout.append(docxzip.Member(name, fixed, self.stamp))
        return layout

    def template(self) -> _Template:
        """Fresh docxtpl state for one document (what an error message is made from)."""
        package = _Package(copy.deepcopy(self.shell), self.part, parse_xml(self.core_blob))
        return _Template(package, self._patched, self.body_xml)

    def render(self, tpl: _Template, ctx: dict, env) -> dict[bytes, bytes]:
        """docxtpl's ``render()`` part by part: the members this document changes."""
        members: dict[bytes, bytes] = {}
        tree = tpl.fix_tables(tpl.build_xml(ctx, env))
        tpl.fix_docpr_ids(tree)
        tpl.map_tree(tree)
        for entry in self.headers_footers:
            members[entry.marker] = _header_footer(tpl, entry, ctx, env)
        if self.last_header_footer is not None:  # docxtpl rendered them all: the last is current
            tpl.current_rendering_part = self.last_header_footer
        tpl.render_properties(ctx, env)
        if self.footnotes:
            notes = [(marker, _Footnotes(blob)) for marker, blob in self.footnotes]
            for _section in tpl.docx._element.sectPr_lst:  # as docxtpl: once per section
                for marker, note in notes:
                    xml = note.blob.decode("utf-8") if isinstance(note.blob, bytes) else note.blob
                    xml = tpl.render_xml_part(tpl.patch_xml(xml), note, ctx, env)
                    if marker is not None:
                        note.blob = xml.encode("utf-8")
            members.update((marker, note.blob) for marker, note in notes if marker is not None)
        members[b"body"] = serialize_part_xml(tpl.docx._element)
        return members

    def pack(self, tpl: _Template, members: dict[bytes, bytes],
             extra: dict[str, docxzip.Member] | None = None) -> bytes:
        """The DOCX: rendered members compressed now, the others as packed once; ``extra``
        members replace those of the same name or are added at the end."""
        members[b"core"] = serialize_part_xml(tpl.docx.core_element)
        extra = dict(extra or {})
        packed = [entry if isinstance(entry, docxzip.Member)
                  else docxzip.Member(entry[1], members[entry[0]], self.stamp)
                  for entry in self.layout]
        packed = [extra.pop(m.name, m) for m in packed]
        return docxzip.write(packed + list(extra.values()))



# docxtpl's per-part steps PreparedTemplate calls in the order render() does.
STEPS = ("build_xml", "fix_tables", "fix_docpr_ids", "map_tree", "render_xml_part",
         "render_properties", "get_headers_footers", "get_part_xml",
         "get_headers_footers_encoding", "patch_xml", "resolve_listing", "get_xml")


def install() -> bool:
    """Nothing to replace (DocxRenderer uses PreparedTemplate); False if docxtpl lacks a
    step it calls."""
    return all(callable(getattr(DocxTemplate, step, None)) for step in STEPS) and all(
        hasattr(DocxTemplate, uri) for uri in ("HEADER_URI", "FOOTER_URI"))
