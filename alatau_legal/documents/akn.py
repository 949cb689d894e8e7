"""Akoma Ntoso 3.0 XML of a version: `akomaNtoso/act` with FRBR identification, lifecycle and
references in `meta`, the title in `preface/longTitle/docTitle`, the preamble's text in
`preamble`, the provisions in `body` with the same eIds as the application, and the
signature block in `conclusions`.

from ..acts.text.references import external_iri, references_of
References in the text are `<ref href="#eid">` (another act's IRI where its date and number
are written); a reference that names nothing stays plain text.
"""

from __future__ import annotations

from lxml import etree

from ..acts.models import Act, Version
from ..acts.text.model import Kind, Provision
from ..acts.text.parser import is_explanatory_start
from ..acts.text.references import external_iri, references_of
from .styles import xml_safe

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANGUAGE_CODES = {"en": "eng", "ru": "rus", "kk": "kaz"}
ELEMENT_OF_KIND = {
    Kind.SECTION: "section",
    Kind.CHAPTER: "chapter",
    Kind.SUBCHAPTER: "subchapter",  # a code's "параграф" (see acts/text/eids.py)
    Kind.ARTICLE: "article",
    Kind.PARAGRAPH: "paragraph",
    Kind.SUBPARAGRAPH: "subparagraph",
    Kind.PART: "part",
    Kind.LIST: "list",
}
# How a number is printed after it: `1.` for a paragraph, `9)` for a sub-paragraph, and the
# dot that closes a heading's number (`Статья 4-1.`, `4-1-бап.`).
NUM_DELIMITER = {Kind.SUBPARAGRAPH: ")"}


def _el(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{AKN_NS}}}{tag}", {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


# eId -> [(the reference as written, its href)] in the order they stand in the text
Links = dict[str, list[tuple[str, str]]]


def _links(provisions: list[Provision], language: str) -> Links:
    links: Links = {}
    for resolved in references_of(provisions, language):
        reference = resolved.reference
        if reference.external is not None:
            href = external_iri(reference.external)
        else:
            href = f"#{resolved.target}" if resolved.status == "resolved" else None
        if href:
            links.setdefault(resolved.source, []).append((reference.text, href))
    return links


def _paragraphs(parent, text: str, links: list[tuple[str, str]] = ()) -> None:
    lines = [line for line in text.split("\n") if line.strip()] or [""]
    # A reference in the heading (read with the text) is not in these lines: it stays plain.
    pending = [link for link in links if link[0] in text]
    for line in lines:
        paragraph = _el(parent, "p", "")
        tail, position = None, 0
        while pending and (start := line.find(pending[0][0], position)) >= 0:
            written, href = pending.pop(0)
            before = xml_safe(line[position:start])
            if tail is None:
                paragraph.text = before
            else:
                tail.tail = before
            tail = _el(paragraph, "ref", written, href=href)
            position = start + len(written)
        rest = xml_safe(line[position:])
        if tail is None:
            paragraph.text = rest
        else:
            tail.tail = rest


def printed_num(provision: Provision) -> str:
    """The number as the text prints it, delimiter included."""
    return f"{provision.num}{NUM_DELIMITER.get(provision.kind, '.')}"


def _provision(parent, provision: Provision, links: Links) -> None:
    if provision.kind is Kind.WRAP_UP:
        _paragraphs(
            _el(parent, "wrapUp", eId=provision.eid), provision.text, links.get(provision.eid, ())
        )
        return
    if provision.kind in ELEMENT_OF_KIND:
        element = _el(parent, ELEMENT_OF_KIND[provision.kind], eId=provision.eid)
    else:  # notes and annexes: generic containers named by their kind
        element = _el(parent, "hcontainer", eId=provision.eid, name=provision.kind.value)
    if provision.num:
        _el(element, "num", printed_num(provision))
    if provision.heading and provision.kind is not Kind.NOTE:
        _el(element, "heading", provision.heading)
    children = provision.children
    if children:
        if provision.text:
            _paragraphs(_el(element, "intro"), provision.text, links.get(provision.eid, ()))
        wrap_up = children[-1] if children[-1].kind is Kind.WRAP_UP else None
        body = children[:-1] if wrap_up is not None else children
        if not body:  # a wrap-up alone would leave the element without a hierarchy child
            body = [Provision(Kind.PART, text="")]
        for child in body:
            _provision(element, child, links)
        if wrap_up is not None:
            _provision(element, wrap_up, links)
    else:
        _paragraphs(_el(element, "content"), provision.text, links.get(provision.eid, ()))


def _container(parent, provision: Provision, name: str, links: Links) -> None:
    """A provision outside the body (the preamble's parts, the act's own footnotes, an
    explanatory note before the act, whose opening words lead its text)."""
    element = _el(parent, "container", eId=provision.eid, name=name)
    if provision.kind is Kind.NOTE and is_explanatory_start(provision.heading or "-"):
        _el(element, "p", provision.heading)
    _paragraphs(element, provision.text, links.get(provision.eid, ()))


def to_xml(
    act: Act, version: Version, provisions: list[Provision], *, language: str | None = None
) -> bytes:
    """One expression of the act: the AKN document of `version` in `language` (default: the
    drafting language). The work is the same in every language; the expression's URI names
    the language, and every language's expression has the same eIds."""
    text_language = language or act.language.value
    language = LANGUAGE_CODES.get(text_language, "eng")
    year = act.number.split("-")[1] if act.number.count("-") >= 2 else str(act.created_at.year)
    work = f"/akn/kz-alatau/act/{act.act_type.value}/{year}/{act.number.lower()}"
    day = version.created_at.date().isoformat()
    # Each version is its own expression, even when two are saved on the same day.
    expression = f"{work}/{language}@{day};v{version.number}"

    root = etree.Element(f"{{{AKN_NS}}}akomaNtoso", nsmap={None: AKN_NS})
    document = _el(root, "act", name=act.act_type.value)
    meta = _el(document, "meta")
    identification = _el(meta, "identification", source="#alatau")
    frbr_work = _el(identification, "FRBRWork")
    _el(frbr_work, "FRBRthis", value=f"{work}/!main")
    _el(frbr_work, "FRBRuri", value=work)
    _el(frbr_work, "FRBRdate", date=act.created_at.date().isoformat(), name="Generation")
    _el(frbr_work, "FRBRauthor", href="#alatau")
    _el(frbr_work, "FRBRcountry", value="kz")
    _el(frbr_work, "FRBRnumber", value=act.number)
    title = act.title if text_language == act.language.value else act.title_in(text_language)
    _el(frbr_work, "FRBRname", value=xml_safe(title))
    frbr_expression = _el(identification, "FRBRExpression")
    _el(frbr_expression, "FRBRthis", value=f"{expression}/!main")
    _el(frbr_expression, "FRBRuri", value=expression)
    _el(frbr_expression, "FRBRdate", date=day, name=f"Version {version.number}")
    _el(frbr_expression, "FRBRauthor", href="#alatau")
    _el(frbr_expression, "FRBRlanguage", language=language)
    frbr_manifestation = _el(identification, "FRBRManifestation")
    _el(frbr_manifestation, "FRBRthis", value=f"{expression}/!main.xml")
    _el(frbr_manifestation, "FRBRuri", value=f"{expression}.akn")
    _el(frbr_manifestation, "FRBRdate", date=day, name="Generation")
    _el(frbr_manifestation, "FRBRauthor", href="#alatau")
    lifecycle = _el(meta, "lifecycle", source="#alatau")
    _el(lifecycle, "eventRef", eId=f"v{version.number}", date=day, source="#alatau",
        type="amendment" if version.number > 1 else "generation")  # fmt: skip
    references = _el(meta, "references", source="#alatau")
    _el(references, "TLCOrganization", eId="alatau", href="/ontology/organization/kz/alatau",
        showAs="Alatau City Authority")  # fmt: skip

    preface = _el(document, "preface")
    _el(_el(_el(preface, "longTitle"), "p"), "docTitle", act.title)

    links = _links(provisions, act.language.value)
    # Before the body: the act's own footnotes and the preamble's text.
    first_body = next(
        (i for i, p in enumerate(provisions) if p.kind not in (Kind.NOTE, Kind.PREAMBLE)),
        len(provisions),
    )
    opening, rest = provisions[:first_body], provisions[first_body:]
    if opening:
        has_preamble = any(p.kind is Kind.PREAMBLE for p in opening)
        preamble = _el(document, "preamble", **({"eId": "preamble"} if has_preamble else {}))
        for provision in opening:
            if provision.kind is Kind.NOTE:
                _container(preamble, provision, "note", links)
            for child in provision.children:  # the preamble's parts (and notes)
                _container(preamble, child, child.kind.value, links)
        if len(preamble) == 0:
            document.remove(preamble)
    body = _el(document, "body")
    conclusions = [p for p in rest if p.kind is Kind.CONCLUSIONS]
    for provision in rest:
        if provision.kind is not Kind.CONCLUSIONS:
            _provision(body, provision, links)
    if len(body) == 0:
        _el(_el(body, "hcontainer", eId="empty", name="empty"), "content").append(
            etree.Element(f"{{{AKN_NS}}}p")
        )
    if conclusions:
        element = _el(document, "conclusions", eId="conclusions")
        for provision in conclusions:
            _paragraphs(element, provision.text, links.get(provision.eid, ()))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
