"""The official draft in two or three languages side by side, as Kazakhstan publishes its acts
(the Kazakh text in the left column, the Russian in the right): the act-type line and title of
each language at the head of its column, then each provision beside the same provision (the
same eId) in the other languages, every column written in its own language.

A provision one language lacks leaves its cell empty, so the rows stay aligned; a structure
that differs is the translator's to fix before the text goes out, and the act page shows it.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from ..acts.languages import SideBySide
from ..acts.models import Act, ActStatus, Version
from ..acts.text.model import Provision
from ..acts.text.render import own_block
from . import styles
from .official import STYLE_OF_KIND, Layout, add_footer_line
from .runs import add_runs
from .wording import act_type_lines, term

# The text width of portrait A4 with the default margins, shared by the columns (mm).
TEXT_WIDTH_MM = 170
LANGUAGE_TAGS = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}


def _no_borders(table) -> None:
    """A layout table: columns, not a grid."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _set_language(paragraph, language: str) -> None:
    """Mark every run of the paragraph as written in `language` (spelling, hyphenation)."""
    for run in paragraph._p.iter(qn("w:r")):
        r_pr = run.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            run.insert(0, r_pr)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), LANGUAGE_TAGS[language])
        r_pr.append(lang)


def _by_eid(provisions: Sequence[Provision]) -> dict[str, Provision]:
    return {node.eid: node for top in provisions for node in top.walk()}


def parallel_draft(
    act: Act,
    version: Version,
    trees: Sequence[list[Provision]],
    side: SideBySide,
    *,
    layout: Layout | None = None,
) -> Document:
    """The version in `side.languages` (in that order), one column each."""
    layout = layout or Layout()
    languages = side.languages
    document = styles.new_document()
    styles.set_margins(document, layout.margins_mm)
    document.core_properties.title = styles.xml_safe(
        " / ".join(act.title_in(language) for language in languages)
    )[:250]
    document.core_properties.subject = f"{act.number}, v{version.number}"
    document.core_properties.author = "Alatau Legal"
    document.core_properties.language = LANGUAGE_TAGS[languages[0]]
    if act.status is not ActStatus.APPROVED:
        header = document.sections[0].header.paragraphs[0]
        header.style = document.styles[styles.DRAFT_MARK]
        header.add_run(" / ".join(term("draft_mark", language) for language in languages))
    add_footer_line(document, act, version, languages[0])

    width = Mm(TEXT_WIDTH_MM / len(languages))
    table = document.add_table(rows=1, cols=len(languages))
    table.autofit = False
    _no_borders(table)
    for column in table.columns:
        column.width = width
    for cell, language in zip(table.rows[0].cells, languages, strict=True):
        cell.width = width
        first = True
        for line in act_type_lines(act.act_type.value, language, layout.issuing_bodies):
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            paragraph.style = document.styles[styles.TITLE_BLOCK]
            add_runs(paragraph, line)
            _set_language(paragraph, language)
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.style = document.styles[styles.ACT_TITLE]
        add_runs(paragraph, act.title_in(language))
        _set_language(paragraph, language)

    nodes = [_by_eid(tree) for tree in trees]
    for row in side.rows:
        present = [by_eid.get(row.eid) for by_eid in nodes]
        kind = next(node.kind for node in present if node is not None)
        style = STYLE_OF_KIND.get(kind, styles.PART)
        cells = styles.fast_row(table, len(languages), style)
        for paragraph, node, language in zip(cells, present, languages, strict=True):
            if node is None:
                continue
            text = own_block(node, language)
            if text:
                _write_lines(document, paragraph, text, style, language)
    return document


def _write_lines(document: Document, paragraph, text: str, style: str, language: str) -> None:
    """A provision's lines in its cell, each its own paragraph (the later ones in the
    continuation style): never a manual line break inside justified text."""
    first, *rest = text.split("\n")
    add_runs(paragraph, first)
    _set_language(paragraph, language)
    continuation = styles.style_id(document, styles.continuation_of(style))
    previous = paragraph._p
    for line in rest:
        element = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        style_element = OxmlElement("w:pStyle")
        style_element.set(qn("w:val"), continuation)
        properties.append(style_element)
        element.append(properties)
        previous.addnext(element)
        previous = element
        line_paragraph = Paragraph(element, paragraph._parent)
        add_runs(line_paragraph, line)
        _set_language(line_paragraph, language)
