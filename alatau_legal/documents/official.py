"""The official draft DOCX of one version of an act, in the form Kazakh drafters use.

"ПРОЕКТ" / "ЖОБА" / "DRAFT" stands in the upper right corner until the act is approved; the
act-type line ("ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН", or the issuing body and kind of act for Alatau's
own bodies) and the title open the text; the registry number, version and status go in a small
footer line, never in the body. Everything is in the language of the text.

Each provision's own lines are written as the canonical text writes them (`render.own_block`),
one Word paragraph per block, in the style of its kind: sections, chapters and annexes as
Heading 1 (centred, bold), articles as Heading 2 (bold, "Статья 4." as printed), paragraphs,
sub-paragraphs, parts and notes in their own styles (Times New Roman 14, first-line indent,
justified; notes in smaller type). A provision's second and further lines are Word paragraphs
of their own in a continuation style (the same form; a note's in the notes' type), and so is a
paragraph's editorial note under its last line: there is never a manual line break inside
justified text, so no line is stretched. Reading the file back with the DOCX import gives the
same provisions: it joins a continuation paragraph to the one before as its next line (the
act-type line and title have styles of their own, which the import skips).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from docx.document import Document

from ..acts.models import Act, ActStatus, Version
from ..acts.text.model import Kind, Provision
from ..acts.text.render import own_block
from . import styles
from .wording import act_type_lines, long_date, term

STYLE_OF_KIND = {
    Kind.SECTION: styles.HEADINGS[1],
    Kind.CHAPTER: styles.HEADINGS[1],
    Kind.SUBCHAPTER: styles.HEADINGS[1],  # a code's "Параграф 1." is centred like its chapter
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
# The conclusion of an act (its signature block), once the text model has it.
CONCLUSIONS = getattr(Kind, "CONCLUSIONS", None)
if CONCLUSIONS is not None:
    STYLE_OF_KIND[CONCLUSIONS] = styles.SIGNATURE


@dataclass(frozen=True)
class Layout:
    """What the settings decide about official documents: page margins (mm: left, right, top,
    bottom) and the issuing body of each type of Alatau's own acts, by language."""

    margins_mm: tuple[float, float, float, float] = styles.DEFAULT_MARGINS_MM
    issuing_bodies: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: Mapping) -> Layout:
        return cls(
            margins_mm=tuple(config.get("DOCUMENT_MARGINS_MM", styles.DEFAULT_MARGINS_MM)),
            issuing_bodies=config.get("DOCUMENT_ISSUING_BODIES") or {},
        )


@dataclass(frozen=True)
class Block:
    """One Word paragraph of the act's text: the provision it opens and its lines.

    `note_at` is the index of the first line of a paragraph's editorial note written under it
    in the same Word paragraph (smaller type), or None."""

    provision: Provision
    text: str  # lines joined with "\n" (Word line breaks)
    note_at: int | None = None

    @property
    def style(self) -> str:
        return STYLE_OF_KIND.get(self.provision.kind, styles.PART)

    def line_style(self, index: int) -> str:
        """The style of the Word paragraph of line `index` of the block: the first line in
        the provision's style, the next ones in its continuation style, an editorial note's in
        the notes' continuation style."""
        if index == 0:
            return self.style
        if self.note_at is not None and index >= self.note_at:
            return styles.NOTE_CONTINUATION
        return styles.continuation_of(self.style)

    def paragraphs(self) -> list[tuple[str, str]]:
        """The block as Word paragraphs, (style, line), one per line."""
        return [
            (self.line_style(index), line)
            for index, line in enumerate(self.text.split("\n"))
            if line
        ]


def blocks(provisions: list[Provision], language: str) -> list[Block]:
    """The act's text as Word paragraphs, in document order (as `render` lays it out: an
    editorial note of a paragraph stays on the paragraph's last line, in the same block)."""
    found: list[Block] = []
    for top in provisions:
        _walk(top, None, language, found)
    return found


def _walk(provision: Provision, parent: Provision | None, language: str, found: list) -> None:
    """Append the blocks of `provision` and its children to `found`. A module-level function,
    not a closure calling itself: such a closure is a reference cycle that would keep every
    block of the act in memory until the next full garbage collection."""
    own = own_block(provision, language)
    note_of_paragraph = (
        parent is not None and parent.kind is Kind.PARAGRAPH and provision.kind is Kind.NOTE
    )
    if own and note_of_paragraph and found:
        last = found[-1]
        note_at = last.note_at if last.note_at is not None else last.text.count("\n") + 1
        found[-1] = Block(last.provision, f"{last.text}\n{own}", note_at)
    elif own:
        found.append(Block(provision, own))
    for child in provision.children:
        _walk(child, provision, language, found)


def document_language(act: Act, language: str | None = None) -> str:
    """The language a document about `act` is written in: the text's, never the reader's."""
    return str(language or act.language.value)


def add_title_block(
    document: Document, act: Act, language: str, layout: Layout | None = None
) -> None:
    """The act-type line(s) in capitals, then the title."""
    bodies = (layout or Layout()).issuing_bodies
    for line in act_type_lines(act.act_type.value, language, bodies):
        styles.add_paragraph(document, styles.TITLE_BLOCK, styles.xml_safe(line))
    styles.add_paragraph(document, styles.ACT_TITLE, styles.xml_safe(act.title_in(language)))


def mark_draft(document: Document, act: Act, language: str) -> None:
    """ПРОЕКТ / ЖОБА / DRAFT in the upper right corner of every page until approved."""
    if act.status is ActStatus.APPROVED:
        return
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.style = document.styles[styles.DRAFT_MARK]
    paragraph.add_run(term("draft_mark", language))


def add_footer_line(document: Document, act: Act, version: Version, language: str) -> None:
    """The registry number, version, its date and the status, in small type under the page
    number: the internal facts stay out of the body."""
    footer = document.sections[0].footer
    paragraph = footer.add_paragraph(style=document.styles[styles.FOOTER_LINE])
    paragraph.add_run(
        term(
            "footer",
            language,
            number=act.number,
            version=version.number,
            date=long_date(version.created_at.date(), language),
            status=term(f"status_{act.status.value}", language),
        )
    )


def new_official_document(
    act: Act, version: Version, language: str, layout: Layout | None = None
) -> Document:
    """A document with the official form's page, draft mark, footer line and title block."""
    layout = layout or Layout()
    document = styles.new_document()
    styles.set_margins(document, layout.margins_mm)
    document.core_properties.title = styles.xml_safe(act.title_in(language))[:250]
    document.core_properties.subject = f"{act.number}, v{version.number}"
    document.core_properties.author = "Alatau Legal"
    document.core_properties.language = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}[language]
    mark_draft(document, act, language)
    add_footer_line(document, act, version, language)
    add_title_block(document, act, language, layout)
    return document


def official_draft(
    act: Act,
    version: Version,
    provisions: list[Provision],
    *,
    language: str | None = None,
    layout: Layout | None = None,
) -> Document:
    language = document_language(act, language)
    document = new_official_document(act, version, language, layout)
    for block in blocks(provisions, language):
        for style, line in block.paragraphs():
            styles.append_text_paragraph(document, style, line)
    return document
