"""The house styles of every DOCX the app writes, defined once in a template document.

A document starts from `new_document()`: a copy of `template.docx` of this package (A4,
margins, page numbers in the footer, and the named styles below), which
`python -m alatau_legal.documents.styles` writes from `build_template()`; a test checks that
the file in the package is what the code builds. Paragraphs only name their style; no
formatting is repeated paragraph by paragraph. Times New Roman renders the Cyrillic and Kazakh
letters (ә ғ қ ң ө ұ ү һ і) in Word and LibreOffice alike.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from lxml import etree

FONT = "Times New Roman"
BODY_SIZE = 14  # the official drafts' type: Times New Roman 14, single spacing
NOTE_SIZE = 12  # notes and footnotes in smaller type
TABLE_SIZE = 12
FIRST_LINE_CM = 1.25  # the customary first-line indent
# The customary page margins in millimetres (left, right, top, bottom); the settings may name
# others (`DOCUMENT_MARGINS_MM`).
DEFAULT_MARGINS_MM = (30, 10, 20, 20)

# Style names the writers use (and the importer recognises the title block by).
TITLE_BLOCK = "Alatau Title Block"  # the act-type line above the title
ACT_TITLE = "Alatau Act Title"
PARAGRAPH = "Alatau Paragraph"
SUBPARAGRAPH = "Alatau Subparagraph"
PART = "Alatau Part"
NOTE = "Alatau Note"
TABLE_TEXT = "Alatau Table Text"
TABLE_HEADING = "Alatau Table Heading"
DRAFT_MARK = "Alatau Draft Mark"
FOOTER_LINE = "Alatau Footer Line"
SIGNATURE = "Alatau Signature"
# A provision's second and further lines, each a Word paragraph of its own (never a manual line
# break inside justified text), and a paragraph's editorial note under its last line: the
# importer joins a paragraph in one of these styles to the one before it as the next line of
# the same provision (acts/docx_import.py names them too).
CONTINUATION = "Alatau Continuation"
NOTE_CONTINUATION = "Alatau Note Continuation"
SIGNATURE_CONTINUATION = "Alatau Signature Continuation"
CONTINUATION_OF = {NOTE: NOTE_CONTINUATION, SIGNATURE: SIGNATURE_CONTINUATION}
HEADINGS = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


def _set_font(style, size: float, *, bold: bool | None = None, italic: bool | None = None):
    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    # Every script slot, so Word does not fall back to a theme font for Cyrillic.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _paragraph_style(document: Document, name: str, *, size=BODY_SIZE, bold=None, italic=None,
                     indent_cm=0.0, first_line_cm=0.0, space_before=0, space_after=0,
                     align=None):  # fmt: skip
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _set_font(style, size, bold=bold, italic=italic)
    fmt = style.paragraph_format
    fmt.left_indent = Cm(indent_cm)
    fmt.first_line_indent = Cm(first_line_cm)
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if align is not None:
        fmt.alignment = align
    return style


def _page_number_footer(document: Document) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _do_not_stretch_broken_lines(document: Document) -> None:
    """Word and LibreOffice justify the line before a line break by stretching its spaces;
    this compatibility setting sets such lines flush left, as typed (the official draft writes
    no line breaks in its text; table cells and the tracked-changes draft still may)."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def set_margins(document: Document, margins_mm=DEFAULT_MARGINS_MM) -> None:
    """Page margins in millimetres: left, right, top, bottom."""
    left, right, top, bottom = margins_mm
    for section in document.sections:
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)


def build_template() -> Document:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    set_margins(document)
    _set_font(document.styles["Normal"], BODY_SIZE)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after = Pt(0), Pt(0)
    normal.line_spacing = 1.0
    for level, name in HEADINGS.items():
        style = document.styles[name]
        _set_font(style, BODY_SIZE, bold=True, italic=False)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(12 if level == 1 else 0)
        style.paragraph_format.keep_with_next = True
        if level == 1:  # sections, chapters and annexes: centred
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:  # articles: bold, from the paragraph indent, never stretched
            style.paragraph_format.first_line_indent = Cm(FIRST_LINE_CM)
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(document, TITLE_BLOCK, bold=True, align=centre)
    _paragraph_style(document, ACT_TITLE, bold=True, align=centre, space_before=12,
                     space_after=18)  # fmt: skip
    _paragraph_style(document, PARAGRAPH, first_line_cm=FIRST_LINE_CM, align=justify)
    _paragraph_style(document, SUBPARAGRAPH, first_line_cm=FIRST_LINE_CM, align=justify)
    _paragraph_style(document, PART, first_line_cm=FIRST_LINE_CM, align=justify)
    _paragraph_style(document, NOTE, size=NOTE_SIZE, first_line_cm=FIRST_LINE_CM, align=justify,
                     space_before=3, space_after=3)  # fmt: skip
    _paragraph_style(document, TABLE_TEXT, size=TABLE_SIZE)
    _paragraph_style(document, TABLE_HEADING, size=TABLE_SIZE, bold=True, align=centre)
    _paragraph_style(document, DRAFT_MARK, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(document, FOOTER_LINE, size=8, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(document, SIGNATURE, bold=True, space_before=24)
    _paragraph_style(document, CONTINUATION, first_line_cm=FIRST_LINE_CM, align=justify)
    _paragraph_style(document, NOTE_CONTINUATION, size=NOTE_SIZE, first_line_cm=FIRST_LINE_CM,
                     align=justify, space_after=3)  # fmt: skip
    _paragraph_style(document, SIGNATURE_CONTINUATION, bold=True)
    _page_number_footer(document)
    _do_not_stretch_broken_lines(document)
    return document


TEMPLATE = Path(__file__).with_name("template.docx")


@lru_cache(maxsize=1)
def _template() -> bytes:
    return TEMPLATE.read_bytes()


def new_document() -> Document:
    """A new document with the house styles (a copy of the template, read once per process)."""
    return docx.Document(io.BytesIO(_template()))


def to_bytes(document: Document) -> bytes:
    """The document as a .docx file; the document is released (`release`) and cannot be used
    afterwards."""
    buffer = io.BytesIO()
    document.save(buffer)
    release(document)
    return buffer.getvalue()


def release(document: Document) -> None:
    """Break the reference cycles python-docx builds, so that a document's objects and XML
    trees are freed as soon as its last reference goes rather than at the next full garbage
    collection (a web worker grew by 5-10 MB per export until then). The cycles: the package
    and its parts point at each other (a part at its package, the package's and each part's
    relationships at their target parts), the document part caches its `Document`, which
    points back at it, and a `Document` caches its body, which points back at the document.
    The document cannot be used afterwards."""
    package = document.part.package
    parts = _parts(package)
    relationships = [package.rels, *(part.rels for part in parts)]
    for rels in relationships:
        rels.clear()
    for thing in (document, package, *parts, *relationships):
        vars(thing).clear()


def _parts(package) -> list:
    """Every part of a package, found through the relationships (python-docx's own
    `iter_parts` is a closure calling itself, a cycle of its own holding every part)."""
    found: dict[int, object] = {}
    sources = [package]
    while sources:
        for rel in sources.pop().rels.values():
            if not rel.is_external and id(rel.target_part) not in found:
                found[id(rel.target_part)] = rel.target_part
                sources.append(rel.target_part)
    return list(found.values())


# Characters XML 1.0 cannot hold (most C0 controls, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold (tabs and line breaks stay)."""
    return _NOT_XML.sub("", text)


def _style_ids(document: Document) -> dict[str, str]:
    """Style name → id, worked out once per document: python-docx otherwise searches every
    style (and the defaults) for each paragraph, which dominates the time of a long act."""
    part = document.part  # one per file, whichever Document object reaches it
    cached = getattr(part, "_alatau_style_ids", None)
    if cached is None:
        cached = {style.name: style.style_id for style in document.styles}
        part._alatau_style_ids = cached
    return cached


def add_paragraph(document: Document, style: str, text: str | None = None):
    """A paragraph of the named house style at the end of the body."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = _style_ids(document)[style]
    return paragraph


def cells(table, row: int) -> list:
    """The cells of a table's row (`row` indexes the rows). python-docx's `_Row.cells` is a
    closure calling itself, a reference cycle holding the row, its table and the document's
    XML until the next full garbage collection."""
    from docx.table import _Cell

    return [_Cell(tc, table) for tc in table._tbl.tr_lst[row].tc_lst]


def forget_rows(table) -> None:
    """Drop the `rows` and `columns` python-docx caches on a table: each points back at the
    table, a reference cycle that would keep the document's XML alive after `release` until
    the next full garbage collection."""
    for cached in ("rows", "columns"):
        vars(table).pop(cached, None)


def fast_row(table, columns: int, style: str | None = None) -> list:
    """A new table row of empty cells, built as XML directly (python-docx's `add_row` and
    `cells` walk the whole grid each time); returns each cell's paragraph."""
    from docx.text.paragraph import Paragraph

    widths = getattr(table, "_alatau_widths", None)
    if widths is None:
        widths = table._alatau_widths = [cell.width for cell in cells(table, 0)]
    style_id = _style_ids(table.part.document)[style] if style else None
    row = etree.SubElement(table._tbl, qn("w:tr"))
    paragraphs = []
    for index in range(columns):
        cell = etree.SubElement(row, qn("w:tc"))
        width = etree.SubElement(etree.SubElement(cell, qn("w:tcPr")), qn("w:tcW"))
        width.set(qn("w:w"), str(int(widths[index].twips)) if widths[index] else "0")
        width.set(qn("w:type"), "dxa" if widths[index] else "auto")
        p = etree.SubElement(cell, qn("w:p"))
        if style_id:
            etree.SubElement(
                etree.SubElement(p, qn("w:pPr")), qn("w:pStyle"), {qn("w:val"): style_id}
            )
        paragraphs.append(Paragraph(p, table))
    return paragraphs


def style_id(document: Document, style: str) -> str:
    """The id under which `style` (a house style's name) is stored in the document."""
    return _style_ids(document)[style]


def continuation_of(style: str) -> str:
    """The style of the second and further lines of a provision written in `style`."""
    return CONTINUATION_OF.get(style, CONTINUATION)


def append_text_paragraph(document: Document, style: str, line: str):
    """A paragraph of one line of plain text in a house style, built as XML and put before the
    section properties at once (the long act's hot path: python-docx would look the style up
    and search the body for each paragraph). A line break in `line` becomes a space: the
    official draft never breaks a line inside justified text."""
    from docx.text.paragraph import Paragraph

    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), _style_ids(document)[style])
    p_pr.append(p_style)
    p.append(p_pr)
    line = xml_safe(line).replace("\n", " ")
    if line:
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = line
        run.append(t)
        p.append(run)
    body = document.element.body
    section = body.sectPr
    if section is not None:
        section.addprevious(p)
    else:
        body.append(p)
    return Paragraph(p, document._body)


if __name__ == "__main__":
    build_template().save(TEMPLATE)
    print(f"Wrote {TEMPLATE}")
