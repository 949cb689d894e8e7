"""The official draft DOCX of one version of an act.

Each provision's own lines are written as the canonical text writes them (`render.own_block`),
one Word paragraph per block, in the style of its kind: sections, chapters and annexes as
Heading 1, articles as Heading 2 (so Word's navigation pane shows the structure), paragraphs,
sub-paragraphs, parts and notes in their own styles. Reading the file back with the DOCX import
therefore gives the same provisions (the title block has a style of its own, which the import
skips).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from ..acts.models import Act, ActStatus, Version
from ..acts.text.model import Kind, Provision
from ..acts.text.render import own_block
from . import styles

LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
STYLE_OF_KIND = {
    Kind.SECTION: styles.HEADINGS[1],
    Kind.CHAPTER: styles.HEADINGS[1],
    Kind.ANNEX: styles.HEADINGS[1],
    Kind.ARTICLE: styles.HEADINGS[2],
    Kind.PARAGRAPH: styles.PARAGRAPH,
    Kind.SUBPARAGRAPH: styles.SUBPARAGRAPH,
    Kind.PART: styles.PART,
    Kind.PREAMBLE: styles.PART,
    Kind.NOTE: styles.NOTE,
    Kind.LIST: styles.PART,
    Kind.WRAP_UP: styles.PART,
    Kind.CONCLUSIONS: styles.PART,
}


@dataclass(frozen=True)
class Block:
    """One Word paragraph of the act's text: the provision it opens and its lines."""

    provision: Provision
    text: str  # lines joined with "\n" (Word line breaks)

    @property
    def style(self) -> str:
        return STYLE_OF_KIND[self.provision.kind]


def blocks(provisions: list[Provision], language: str) -> list[Block]:
    """The act's text as Word paragraphs, in document order (as `render` lays it out: an
    editorial note of a paragraph stays on the paragraph's last line, in the same block)."""
    found: list[Block] = []

    def walk(provision: Provision, parent: Provision | None) -> None:
        own = own_block(provision, language)
        note_of_paragraph = (
            parent is not None and parent.kind is Kind.PARAGRAPH and provision.kind is Kind.NOTE
        )
        if own and note_of_paragraph and found:
            found[-1] = Block(found[-1].provision, f"{found[-1].text}\n{own}")
        elif own:
            found.append(Block(provision, own))
        for child in provision.children:
            walk(child, provision)

    for top in provisions:
        walk(top, None)
    return found


def add_title_block(document: Document, act: Act, version: Version) -> None:
    """Registry number, type, language, status, version and its date; then the title."""
    lines = [
        f"{act.number} · {act.act_type.label}",
        f"Language: {LANGUAGE_NAMES.get(act.language.value, act.language.value)}",
        f"Status: {act.status.label} · Version {version.number} of "
        f"{version.created_at.date().isoformat()}",
    ]
    for line in lines:
        styles.add_paragraph(document, styles.TITLE_BLOCK, styles.xml_safe(line))
    styles.add_paragraph(document, styles.ACT_TITLE, styles.xml_safe(act.title))


def mark_draft(document: Document, act: Act) -> None:
    """DRAFT in the header of every page until the act is approved."""
    if act.status is ActStatus.APPROVED:
        return
    header = document.sections[0].header
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"DRAFT — {act.number} — not approved")
    run.bold = True
    run.font.size = Pt(10)
    run.font.color.rgb = RGBColor(0xA0, 0x1C, 0x1C)


def official_draft(act: Act, version: Version, provisions: list[Provision]) -> Document:
    document = styles.new_document()
    document.core_properties.title = styles.xml_safe(act.title)[:250]
    document.core_properties.subject = f"{act.number}, version {version.number}"
    document.core_properties.author = "Alatau Legal"
    mark_draft(document, act)
    add_title_block(document, act, version)
    for block in blocks(provisions, act.language.value):
        styles.append_text_paragraph(document, block.style, block.text)
    return document
