"""Low-level pieces shared by the writers: runs with line breaks, tracked-change marks."""

from __future__ import annotations

from datetime import datetime
from itertools import count

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from .styles import xml_safe

# Clark names worked out once: these elements are made by the thousand.
_R, _RPR, _T, _BR = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:br")
_B, _I, _STRIKE, _SPACE = qn("w:b"), qn("w:i"), qn("w:strike"), qn("xml:space")


def _run(parent, text: str, *, bold: bool = False, strike: bool = False, italic: bool = False):
    """A w:r at the end of `parent` (SubElement keeps python-docx's element classes)."""
    run = etree.SubElement(parent, _R)
    if bold or strike or italic:
        properties = etree.SubElement(run, _RPR)
        for on, tag in ((bold, _B), (italic, _I), (strike, _STRIKE)):
            if on:
                etree.SubElement(properties, tag)  # in the schema's order
    t = etree.SubElement(run, _T, {_SPACE: "preserve"})
    t.text = text
    return run


def add_runs(
    paragraph: Paragraph, text: str, *, bold: bool = False, strike: bool = False,
    italic: bool = False,
) -> None:  # fmt: skip
    """Runs of `text` at the end of the paragraph, a Word line break for each newline (built as
    XML: table cells of a long comparison hold thousands of runs)."""
    p = paragraph._p
    for index, line in enumerate(xml_safe(text).split("\n")):
        if index:
            etree.SubElement(etree.SubElement(p, _R), _BR)
        if line:
            _run(p, line, bold=bold, strike=strike, italic=italic)


class Revisions:
    """Word revision marks (w:ins / w:del) by one author at one time, with unique ids."""

    def __init__(self, author: str, when: datetime) -> None:
        self.author = author
        self.date = when.replace(microsecond=0).isoformat().replace("+00:00", "Z")
        self._ids = count(1)

    def _mark(self, tag: str):
        mark = OxmlElement(tag)
        mark.set(qn("w:id"), str(next(self._ids)))
        mark.set(qn("w:author"), xml_safe(self.author))
        mark.set(qn("w:date"), self.date)
        return mark

    def _run(self, text: str, deleted: bool):
        run = OxmlElement("w:r")
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        return run

    def add(self, paragraph: Paragraph, text: str, op: str) -> None:
        """Append `text` to the paragraph as unchanged (`equal`), inserted or deleted."""
        for index, line in enumerate(xml_safe(text).split("\n")):
            if index:
                brk = OxmlElement("w:r")
                brk.append(OxmlElement("w:br"))
                self._wrap(paragraph, brk, op)
            if line:
                self._wrap(paragraph, self._run(line, op == "delete"), op)

    def _wrap(self, paragraph: Paragraph, run, op: str) -> None:
        if op == "equal":
            paragraph._p.append(run)
            return
        mark = self._mark("w:ins" if op == "insert" else "w:del")
        mark.append(run)
        paragraph._p.append(mark)

    def mark_paragraph(self, paragraph: Paragraph, op: str) -> None:
        """Mark the paragraph itself (its mark) as inserted or deleted."""
        p_pr = paragraph._p.get_or_add_pPr()
        r_pr = p_pr.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            p_pr.append(r_pr)
        r_pr.append(self._mark("w:ins" if op == "insert" else "w:del"))
