"""Comparisons of two versions as DOCX: the customary three-column table, and the newer
version with Word tracked changes that the reader can accept or reject one by one."""

from __future__ import annotations

from collections import defaultdict

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from ..acts.compare import Change, word_diff
from ..acts.models import Act, Version
from ..acts.text.eids import FlatProvision
from ..acts.text.labels import label_for_eid
from ..acts.text.model import Provision
from ..review.services import CommentView
from . import styles
from .official import add_title_block, blocks, mark_draft
from .runs import Revisions, add_runs

KIND_WORDS = {
    "section": "Section", "chapter": "Chapter", "article": "Article", "paragraph": "Paragraph",
    "subparagraph": "Sub-paragraph", "part": "Part", "annex": "Annex", "preamble": "Preamble",
    "note": "Note",
}  # fmt: skip


def _label(provision: FlatProvision, act: Act) -> str:
    """The provision as a lawyer names it in the act's language ("пункт 2 статьи 7")."""
    try:
        return label_for_eid(provision.eid, None, act.language.value)
    except ValueError:
        word = KIND_WORDS[provision.kind.value]
        return f"{word} {provision.num}" if provision.num else word


def _wording(provision: FlatProvision) -> str:
    return "\n".join(part for part in (provision.heading, provision.text) if part)


def _landscape(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2)


def justification_by_eid(comments: list[CommentView], old: int, new: int) -> dict[str, list]:
    """Answered comments made on the versions from `old` up to before `new`, by provision."""
    found: dict[str, list] = defaultdict(list)
    for view in comments:
        comment = view.comment
        if comment.disposition is not None and old <= comment.version_number < new:
            found[comment.eid].append(comment)
    return found


def comparison_table(
    act: Act,
    old: Version,
    new: Version,
    changes: list[Change],
    justification: dict[str, list],
) -> Document:
    document = styles.new_document()
    _landscape(document)
    mark_draft(document, act)
    add_title_block(document, act, new)
    document.add_paragraph(
        f"Comparison table: version {old.number} and version {new.number}",
        style=styles.HEADINGS[1],
    )
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells,
        ("Current wording", "Proposed wording", "Justification"),
        strict=True,
    ):
        cell.paragraphs[0].style = styles.TABLE_TEXT
        cell.paragraphs[0].add_run(title).bold = True
    if not changes:
        row = table.add_row().cells
        row[0].merge(row[2]).paragraphs[0].add_run("The two versions have the same wording.")
    for change in changes:
        current, proposed, why = styles.fast_row(table, 3, styles.TABLE_TEXT)
        label = _label(change.new or change.old, act)
        for paragraph in (current, proposed):
            add_runs(paragraph, f"{label}\n", italic=True)
        if change.change == "added":
            add_runs(current, "—")
            add_runs(proposed, _wording(change.new), bold=True)
        elif change.change == "removed":
            add_runs(current, _wording(change.old), strike=True)
            add_runs(proposed, "— removed —")
        elif change.change == "changed":
            for op, text in change.diff or word_diff(_wording(change.old), _wording(change.new)):
                if op != "insert":
                    add_runs(current, text, strike=op == "delete")
                if op != "delete":
                    add_runs(proposed, text, bold=op == "insert")
        else:  # moved: the same wording at another place
            add_runs(current, _wording(change.old))
            add_runs(proposed, _wording(change.new))
            proposed.add_run(
                f"\n(moved; it follows {change.new.parent or 'the start'})"
            ).italic = True
        comments = justification.get(change.eid, [])
        if not comments:
            add_runs(why, "—")
        for index, comment in enumerate(comments):
            if index:
                why.add_run("\n\n")
            who = comment.author.display_name
            if comment.author.organisation:
                who += f", {comment.author.organisation.name}"
            why.add_run(f"{who} (version {comment.version_number}): ").bold = True
            add_runs(why, comment.body)
            why.add_run(f"\n{comment.disposition.label}: ").italic = True
            add_runs(why, comment.disposition_reason)
    return document


def tracked_changes(
    act: Act,
    old: Version,
    new: Version,
    old_tree: list[Provision],
    new_tree: list[Provision],
) -> Document:
    """The newer version as an official draft whose differences from the older one are Word
    revisions by the newer version's author, at its time."""
    language = act.language.value
    document = styles.new_document()
    mark_draft(document, act)
    add_title_block(document, act, new)
    revisions = Revisions(new.author.display_name, new.created_at)
    old_blocks = {block.provision.eid: block for block in blocks(old_tree, language)}
    new_blocks = blocks(new_tree, language)
    new_eids = {block.provision.eid for block in new_blocks}
    # Removed blocks stand, struck through, after the block that preceded them in the old text.
    removed_after: dict[str | None, list] = defaultdict(list)
    previous = None
    for eid, block in old_blocks.items():
        if eid not in new_eids:
            removed_after[previous].append(block)
        else:
            previous = eid

    def write_removed(after: str | None) -> None:
        for block in removed_after.get(after, []):
            paragraph = styles.add_paragraph(document, block.style)
            revisions.add(paragraph, block.text, "delete")
            revisions.mark_paragraph(paragraph, "delete")

    write_removed(None)
    for block in new_blocks:
        paragraph = styles.add_paragraph(document, block.style)
        before = old_blocks.get(block.provision.eid)
        if before is None:
            revisions.add(paragraph, block.text, "insert")
            revisions.mark_paragraph(paragraph, "insert")
        elif before.text == block.text:
            revisions.add(paragraph, block.text, "equal")
        else:
            for op, text in word_diff(before.text, block.text):
                revisions.add(paragraph, text, op)
        write_removed(block.provision.eid)
    return document
