"""Write a provision tree back as the canonical structured text of acts/README.md.

Every provision is one block and a provision's own lines (a multi-line text) stay together.
Blocks are separated by a blank line, which the parser reads only as "what follows does not
continue the line above" (so a part can start), with one exception: an editorial note of a
paragraph (`[Sub-paragraph 5-1) added ...]`) must follow the paragraph's last line directly, or
it would belong to the article. So `parse(render(tree, language))` gives back every tree the
parser can produce. A point's wrap-up and the words that introduce its second list are blocks
of their own after its last sub-paragraph; the signature block (`conclusions`) is its lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import HEADED_KINDS, Kind, Provision
from .parser import (
    FOOTNOTE_WORDS,
    HEADING_WORDS,
    LANGUAGES,
    NOTE_WORDS,
    NUMBER_FIRST_LANGUAGES,
    is_explanatory_start,
)


def render(provisions: Iterable[Provision], language: str) -> str:
    """The canonical text of a tree in `language` (`en`, `ru`, `kk`), ending in a newline."""
    language = str(language)
    if language not in LANGUAGES:
        raise ValueError(
            f"Cannot render in {language!r}: the languages are {', '.join(LANGUAGES)}."
        )
    pieces: list[str] = []
    for provision in provisions:
        _render_into(provision, None, language, pieces)
    return "".join(pieces[1:]) + "\n" if pieces else ""


def heading_line(kind: Kind, num: str | None, heading: str, language: str) -> str:
    """A heading as written in `language`: `Chapter 1. Title`, `5-бап.`, `Приложение. Title`."""
    word = HEADING_WORDS[kind][language]
    if num is None:
        marker = word[0].upper() + word[1:]  # Kazakh `қосымша` opens the line: `Қосымша`
    elif language in NUMBER_FIRST_LANGUAGES:
        marker = f"{num}-{word}"
    else:
        marker = f"{word} {num}"
    return f"{marker}. {heading}" if heading else f"{marker}."


def _render_into(
    provision: Provision, parent: Provision | None, language: str, pieces: list[str]
) -> None:
    """Append a separator and the block of each provision of the tree: [sep, block, sep, ...]."""
    own = own_block(provision, language)
    if own:
        adjacent = (
            parent is not None and parent.kind is Kind.PARAGRAPH and provision.kind is Kind.NOTE
        )
        pieces += ["\n" if adjacent else "\n\n", own]
    for child in provision.children:
        _render_into(child, provision, language, pieces)


def own_block(provision: Provision, language: str) -> str:
    """The lines a provision itself contributes, or "" when it has none (a preamble)."""
    kind, num, text = provision.kind, provision.num, provision.text
    if kind in HEADED_KINDS:
        return heading_line(kind, num, provision.heading, language)
    if kind is Kind.PARAGRAPH and num is not None:
        return f"{num}. {text}" if text else f"{num}."
    if kind is Kind.SUBPARAGRAPH and num is not None:
        return f"{num}) {text}" if text else f"{num})"
    if kind is Kind.NOTE:
        first_line = text.partition("\n")[0]
        if first_line.startswith("[") and first_line.endswith("]"):
            return text  # an editorial note is its own marker
        if provision.heading and is_explanatory_start(provision.heading):
            # An explanatory note before the act: its opening words, then its lines.
            return f"{provision.heading}\n{text}" if text else provision.heading
        footnote = provision.heading and any(
            provision.heading in words for words in FOOTNOTE_WORDS.values()
        )
        word = FOOTNOTE_WORDS[language][0] if footnote else NOTE_WORDS[language][0]
        return f"{word}. {text}" if text else f"{word}."
    # Parts, a point's wrap-up, the words before its second list, the signature block, and
    # the preamble's own text (the parser leaves the latter empty).
    return text
