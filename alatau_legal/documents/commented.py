"""A version with the reviewers' comments as native Word comments, anchored to their
provisions — to the quoted words where a comment quotes some — with author, date and replies."""

from __future__ import annotations

import itertools

from docx.document import Document
from docx.oxml.ns import qn

from ..acts.models import Act, Version
from ..acts.text.model import Provision
from ..review.services import CommentView
from . import styles
from .official import Layout, blocks, document_language, new_official_document
from .styles import xml_safe
from .wording import long_date, term


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:3]).upper() or "?"


def _spans(text: str, threads: list[CommentView]) -> list[tuple[int, int, list]]:
    """Cut the block's text where quoted spans start and end: (start, end, comments on it)."""
    cuts = {0, len(text)}
    anchors = []
    for view in threads:
        quote = view.comment.quote
        at = text.find(quote) if quote else -1
        if at >= 0:
            anchors.append((at, at + len(quote), view))
            cuts |= {at, at + len(quote)}
        else:
            anchors.append((0, len(text), view))
    points = sorted(cuts)
    return [
        (start, end, [v for a, b, v in anchors if a <= start and end <= b])
        for start, end in itertools.pairwise(points)
    ]


def commented_draft(
    act: Act,
    version: Version,
    provisions: list[Provision],
    threads: dict[str, list],
    *,
    language: str | None = None,
    layout: Layout | None = None,
) -> Document:
    language = document_language(act, language)
    document = new_official_document(act, version, language, layout)
    for block in blocks(provisions, language):
        text = xml_safe(block.text)
        # One Word paragraph per line, as in the official draft (no line break inside justified
        # text); a comment on words across lines spans the paragraphs.
        paragraphs = [
            styles.add_paragraph(document, block.line_style(index))
            for index in range(text.count("\n") + 1)
        ]
        on_block = threads.get(block.provision.eid, [])
        runs_of: dict[int, list] = {id(view): [] for view in on_block}
        line_number = 0
        for start, end, views in _spans(text, on_block):
            for index, line in enumerate(text[start:end].split("\n")):
                line_number += 1 if index else 0
                if line:
                    run = paragraphs[line_number].add_run(line)
                    for view in views:
                        runs_of[id(view)].append(run)
        for view in on_block:
            runs = runs_of[id(view)] or [run for p in paragraphs for run in p.runs]
            if not runs:
                continue
            _add_comment(document, runs, view, language)
    return document


def _add_comment(document: Document, runs, view: CommentView, language: str) -> None:
    comment = view.comment
    author = comment.author.display_name
    body = xml_safe(comment.body)
    if view.outdated:
        body += "\n" + term("outdated", language)
    if comment.disposition is not None:
        answer = term(f"disposition_{comment.disposition.value}", language)
        reason = xml_safe(comment.disposition_reason).strip()
        body += f"\n{answer}. {reason}" if reason else f"\n{answer}."
    word_comment = document.add_comment(
        runs, text=body, author=xml_safe(author), initials=_initials(author)
    )
    word_comment._comment_elm.set(
        qn("w:date"), comment.created_at.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )
    for reply in comment.replies:
        heading = term(
            "reply_by", language, who=reply.author.display_name,
            date=long_date(reply.created_at.date(), language),
        )  # fmt: skip
        word_comment.add_paragraph(xml_safe(f"{heading}: {reply.body}"))
