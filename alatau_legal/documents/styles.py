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
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

FONT = "Times New Roman"

# Style names the writers use (and the importer recognises the title block by).
TITLE_BLOCK = "Alatau Title Block"
ACT_TITLE = "Alatau Act Title"
PARAGRAPH = "Alatau Paragraph"
SUBPARAGRAPH = "Alatau Subparagraph"
PART = "Alatau Part"
NOTE = "Alatau Note"
TABLE_TEXT = "Alatau Table Text"
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


def _paragraph_style(document: Document, name: str, *, size=12, bold=None, italic=None,
                     indent_cm=0.0, first_line_cm=0.0, space_after=6, align=None):  # fmt: skip
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _set_font(style, size, bold=bold, italic=italic)
    fmt = style.paragraph_format
    fmt.left_indent = Cm(indent_cm)
    fmt.first_line_indent = Cm(first_line_cm)
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


def build_template() -> Document:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _set_font(document.styles["Normal"], 12)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    for level, name in HEADINGS.items():
        style = document.styles[name]
        _set_font(style, {1: 14, 2: 12, 3: 12}[level], bold=True, italic=False)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        style.paragraph_format.keep_with_next = True
        if level == 1:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(document, TITLE_BLOCK, size=11, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    _paragraph_style(document, ACT_TITLE, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                     space_after=18)  # fmt: skip
    _paragraph_style(document, PARAGRAPH, first_line_cm=1.0, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(document, SUBPARAGRAPH, indent_cm=1.0, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(document, PART, first_line_cm=1.0, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(document, NOTE, size=11, italic=True, indent_cm=1.0)
    _paragraph_style(document, TABLE_TEXT, size=10, space_after=2)
    _page_number_footer(document)
    return document


TEMPLATE = Path(__file__).with_name("template.docx")


@lru_cache(maxsize=1)
def _template() -> bytes:
    return TEMPLATE.read_bytes()


def new_document() -> Document:
    """A new document with the house styles (a copy of the template, read once per process)."""
    return docx.Document(io.BytesIO(_template()))


def to_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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


def fast_row(table, columns: int, style: str | None = None) -> list:
    """A new table row of empty cells, built as XML directly (python-docx's `add_row` and
    `cells` walk the whole grid each time); returns each cell's paragraph."""
    from docx.text.paragraph import Paragraph

    widths = getattr(table, "_alatau_widths", None)
    if widths is None:
        widths = table._alatau_widths = [cell.width for cell in table.rows[0].cells]
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


def append_text_paragraph(document: Document, style: str, text: str):
    """A paragraph of plain text in a house style, its lines split by Word line breaks, built
    as XML and put before the section properties at once (the long act's hot path: python-docx
    would look the style up and search the body for each paragraph)."""
    from docx.text.paragraph import Paragraph

    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), _style_ids(document)[style])
    p_pr.append(p_style)
    p.append(p_pr)
    for index, line in enumerate(xml_safe(text).split("\n")):
        if index:
            brk = OxmlElement("w:r")
            brk.append(OxmlElement("w:br"))
            p.append(brk)
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
