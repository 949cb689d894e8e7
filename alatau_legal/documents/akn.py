"""Akoma Ntoso 3.0 XML of a version: `akomaNtoso/act` with FRBR identification, lifecycle and
references in `meta`, and the provisions in `body` with the same eIds as the application.

Kinds map to AKN elements: section, chapter, article and paragraph by their name, a
sub-paragraph is a `point`, an unnumbered part a `paragraph` without `num`, a note an
`hcontainer name="note"`, an annex an `hcontainer name="annex"`; the preamble is `preamble`.
A provision's own text is its `content`, or its `intro` when provisions follow below it.
References in the text are `<ref href="#eid">` (another act's IRI where its date and number
are written); a reference that names nothing stays plain text.
"""

from __future__ import annotations

from lxml import etree

from ..acts.models import Act, Version
from ..acts.text.model import Kind, Provision
from ..acts.text.references import external_iri, references_of
from .styles import xml_safe

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANGUAGE_CODES = {"en": "eng", "ru": "rus", "kk": "kaz"}
ELEMENT_OF_KIND = {
    Kind.SECTION: "section",
    Kind.CHAPTER: "chapter",
    Kind.ARTICLE: "article",
    Kind.PARAGRAPH: "paragraph",
    Kind.SUBPARAGRAPH: "point",
    Kind.PART: "paragraph",
}


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
    pending = list(links)
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


def _provision(parent, provision: Provision, links: Links | None = None) -> None:
    links = links or {}
    if provision.kind in ELEMENT_OF_KIND:
        element = _el(parent, ELEMENT_OF_KIND[provision.kind], eId=provision.eid)
    else:  # notes and annexes: generic containers named by their kind
        element = _el(parent, "hcontainer", eId=provision.eid, name=provision.kind.value)
    if provision.num:
        _el(element, "num", provision.num)
    if provision.heading:
        _el(element, "heading", provision.heading)
    if provision.children:
        if provision.text:
            _paragraphs(_el(element, "intro"), provision.text, links.get(provision.eid, ()))
        for child in provision.children:
            _provision(element, child, links)
    else:
        _paragraphs(_el(element, "content"), provision.text, links.get(provision.eid, ()))


def to_xml(act: Act, version: Version, provisions: list[Provision]) -> bytes:
    language = LANGUAGE_CODES.get(act.language.value, "eng")
    year = act.number.split("-")[1] if act.number.count("-") >= 2 else str(act.created_at.year)
    work = f"/akn/kz-alatau/act/{act.act_type.value}/{year}/{act.number.lower()}"
    expression = f"{work}/{language}@{version.created_at.date().isoformat()}"
    day = version.created_at.date().isoformat()

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
    _el(frbr_work, "FRBRname", value=xml_safe(act.title))
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

    preambles = [p for p in provisions if p.kind is Kind.PREAMBLE]
    if preambles and preambles[0].text:
        _paragraphs(_el(document, "preamble"), preambles[0].text)
    body = _el(document, "body")
    links = _links(provisions, act.language.value)
    for provision in provisions:
        if provision.kind is Kind.PREAMBLE:
            for child in provision.children:
                _provision(body, child, links)
        else:
            _provision(body, provision, links)
    if len(body) == 0:
        _el(_el(body, "hcontainer", eId="empty", name="empty"), "content").append(
            etree.Element(f"{{{AKN_NS}}}p")
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
