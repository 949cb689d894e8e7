"""Comparisons of two versions as DOCX, in the act's language: the comparison table drafters
attach to every revised draft ("сравнительная таблица" / "салыстырмалы кесте"), and the newer
version with Word tracked changes that the reader can accept or reject one by one.

The table has one row per changed provision in the act's order: its number, the provision as
a lawyer names it ("пункт 2 статьи 7"), the older wording with the deleted words struck
through, the proposed wording with the new words in bold ("Отсутствует" / "Жоқ" / "None" for
a provision added or removed), and the justification taken from the dispositions of the
comments behind the change. A comment on a provision that did not itself change (the article
that led to a new article 8-1) justifies the row of the provision added in answer to it. The
header row repeats on every page of a landscape A4 sheet; no eId appears anywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from ..acts.compare import Change, word_diff
from ..acts.models import Act, Version
from ..acts.text.eids import FlatProvision
from ..acts.text.labels import label_for_eid, provision_label
from ..acts.text.model import Provision
from ..acts.text.render import own_block
from ..review.services import CommentView
from . import styles
from .official import Layout, add_footer_line, blocks, document_language, new_official_document
from .runs import Revisions, add_runs
from .wording import quote, term


def landscape(document: Document, layout: Layout | None = None) -> None:
    """Landscape A4 with the settings' margins (the binding edge stays on the left)."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    styles.set_margins(document, (layout or Layout()).margins_mm)


def repeat_header_row(table) -> None:
    """The first row repeats at the top of every page the table runs onto."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def header_table(document: Document, titles: Sequence[str], widths_mm: Sequence[float]):
    """A grid table whose first row holds the column titles, repeated on every page."""
    table = document.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    table.autofit = False
    for cell, title, width in zip(styles.cells(table, 0), titles, widths_mm, strict=True):
        cell.width = Mm(width)
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles[styles.TABLE_HEADING]
        paragraph.add_run(title)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    repeat_header_row(table)
    styles.forget_rows(table)
    return table


def full_width_row(table, text: str) -> None:
    """A row of one merged cell (an empty table says so)."""
    table.add_row()
    cells = styles.cells(table, -1)
    merged = cells[0].merge(cells[-1])
    merged.paragraphs[0].style = table.part.document.styles[styles.TABLE_TEXT]
    add_runs(merged.paragraphs[0], text, italic=True)


def provision_name(
    eid: str, provisions: Mapping[str, FlatProvision], language: str, fallback: FlatProvision
) -> str:
    """The provision as a lawyer names it; an eId never reaches the page."""
    try:
        return label_for_eid(eid, provisions, language)
    except ValueError:
        return provision_label([(fallback.kind, fallback.num)], language)


def _printed(provision: FlatProvision, language: str) -> str:
    """The wording as printed: `2. Текст`, `Статья 4. Заголовок`."""
    tree_node = Provision(provision.kind, provision.num, provision.heading, provision.text)
    return own_block(tree_node, language) or provision.text


def justification_by_eid(comments: list[CommentView], old: int, new: int) -> dict[str, list]:
    """Answered comments made on the versions from `old` up to before `new`, by provision."""
    found: dict[str, list] = defaultdict(list)
    for view in comments:
        comment = view.comment
        if comment.disposition is not None and old <= comment.version_number < new:
            found[comment.eid].append(comment)
    return found


def justification_by_row(
    changes: Sequence[Change],
    justification: Mapping[str, list],
    new_flat: Sequence[FlatProvision],
) -> dict[str, list]:
    """The comments behind each row. A comment on a provision that has no row of its own (its
    wording did not change) goes to the provision added in answer to it: the first added
    provision below it, or else the sibling added right after it (article 8 → 8-1)."""
    rows = {change.eid for change in changes}
    by_row: dict[str, list] = defaultdict(list)
    added = [change.eid for change in changes if change.change == "added"]
    added_set = set(added)
    follows: dict[str, str] = {}  # an unchanged provision -> the added sibling right after it
    last_child: dict[str | None, str] = {}
    for provision in new_flat:
        before = last_child.get(provision.parent)
        if provision.eid in added_set and before is not None and before not in added_set:
            follows.setdefault(before, provision.eid)
        last_child[provision.parent] = provision.eid
    parents = {p.eid: p.parent for p in new_flat}
    for eid, comments in justification.items():
        if eid in rows:
            by_row[eid].extend(comments)
            continue
        below = next((a for a in added if _is_below(a, eid, parents)), None)
        target = below or follows.get(eid)
        if target is not None:
            by_row[target].extend(comments)
    return by_row


def _is_below(eid: str, ancestor: str, parents: Mapping[str, str | None]) -> bool:
    seen = 0
    current = parents.get(eid)
    while current is not None and seen < 64:
        if current == ancestor:
            return True
        current, seen = parents.get(current), seen + 1
    return False


def _write_justification(paragraph, comments: list, language: str) -> None:
    for index, comment in enumerate(comments):
        if index:
            add_runs(paragraph, "\n")
        who = comment.author.display_name
        if comment.author.organisation:
            who = f"{comment.author.organisation.name} ({who})"
        add_runs(paragraph, f"{who}: ", bold=True)
        add_runs(paragraph, comment.body.strip() + "\n")
        add_runs(paragraph, term(f"disposition_{comment.disposition.value}", language), italic=True)
        if comment.disposition_reason:
            add_runs(paragraph, ". " + comment.disposition_reason.strip())


# № п/п | Структурный элемент | old wording | proposed wording | Обоснование (mm, landscape A4)
COMPARISON_WIDTHS_MM = (12, 38, 80, 80, 47)


def comparison_table(
    act: Act,
    old: Version,
    new: Version,
    changes: list[Change],
    justification: dict[str, list],
    *,
    old_flat: Sequence[FlatProvision] = (),
    new_flat: Sequence[FlatProvision] = (),
    language: str | None = None,
    layout: Layout | None = None,
) -> Document:
    language = document_language(act, language)
    document = styles.new_document()
    landscape(document, layout)
    add_footer_line(document, act, new, language)
    styles.add_paragraph(document, styles.ACT_TITLE, term("comparison_title", language))
    subtitle = term(
        "comparison_subtitle", language, old=old.number, new=new.number,
        title=quote(act.title_in(language), language),
    )  # fmt: skip
    styles.add_paragraph(document, styles.TITLE_BLOCK, styles.xml_safe(subtitle))
    styles.add_paragraph(document, styles.TABLE_TEXT)
    table = header_table(
        document,
        (
            term("col_number", language),
            term("col_element", language),
            term("col_version", language, n=old.number),
            term("col_proposed", language),
            term("col_justification", language),
        ),
        COMPARISON_WIDTHS_MM,
    )
    old_by_eid = {p.eid: p for p in old_flat}
    new_by_eid = {p.eid: p for p in new_flat}
    if not new_flat:  # the provisions of the changes are all a caller may have
        new_by_eid = {c.eid: c.new for c in changes if c.new is not None}
        old_by_eid = {c.eid: c.old for c in changes if c.old is not None}
    reasons = justification_by_row(changes, justification, new_flat)
    if not changes:
        full_width_row(table, term("no_changes", language))
    absent = term("absent", language)
    for number, change in enumerate(changes, start=1):
        cells = styles.fast_row(table, 5, styles.TABLE_TEXT)
        index, element, current, proposed, why = cells
        add_runs(index, f"{number}.")
        if change.new is not None:
            name = provision_name(change.eid, new_by_eid, language, change.new)
        else:
            name = provision_name(change.eid, old_by_eid, language, change.old)
        add_runs(element, name)
        if change.change == "added":
            add_runs(current, absent, italic=True)
            add_runs(proposed, _printed(change.new, language), bold=True)
        elif change.change == "removed":
            add_runs(current, _printed(change.old, language), strike=True)
            add_runs(proposed, absent, italic=True)
        elif change.change == "changed":
            before, after = _printed(change.old, language), _printed(change.new, language)
            for op, text in word_diff(before, after):
                if op != "insert":
                    add_runs(current, text, strike=op == "delete")
                if op != "delete":
                    add_runs(proposed, text, bold=op == "insert")
        else:  # moved: the same wording at another place
            add_runs(current, _printed(change.old, language))
            add_runs(proposed, _printed(change.new, language))
            add_runs(why, term("moved", language) + ("\n" if reasons.get(change.eid) else ""))
        _write_justification(why, reasons.get(change.eid, []), language)
    return document


def tracked_changes(
    act: Act,
    old: Version,
    new: Version,
    old_tree: list[Provision],
    new_tree: list[Provision],
    *,
    language: str | None = None,
    layout: Layout | None = None,
) -> Document:
    """The newer version as an official draft whose differences from the older one are Word
    revisions by the newer version's author (display name), dated with the version's date."""
    language = document_language(act, language)
    document = new_official_document(act, new, language, layout)
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

    def write(block, ops: list[tuple[str, str]], whole: str | None = None) -> None:
        """The block's (op, text) pieces as one Word paragraph per line, as in the official
        draft (no line break inside justified text): a line break of the text is a paragraph
        mark, inserted or deleted with the words around it. `whole`: the whole block was
        inserted or deleted, every paragraph mark with it."""
        line = 0
        paragraph = styles.add_paragraph(document, block.line_style(0))
        for op, text in ops:
            for index, piece in enumerate(text.split("\n")):
                if index:
                    if op != "equal":
                        revisions.mark_paragraph(paragraph, op)
                    line += 1
                    paragraph = styles.add_paragraph(document, block.line_style(line))
                if piece:
                    revisions.add(paragraph, piece, op)
        if whole:
            revisions.mark_paragraph(paragraph, whole)

    def write_removed(after: str | None) -> None:
        for block in removed_after.get(after, []):
            write(block, [("delete", block.text)], whole="delete")

    write_removed(None)
    for block in new_blocks:
        before = old_blocks.get(block.provision.eid)
        if before is None:
            write(block, [("insert", block.text)], whole="insert")
        elif before.text == block.text:
            write(block, [("equal", block.text)])
        else:
            write(block, word_diff(before.text, block.text))
        write_removed(block.provision.eid)
    return document
