"""Property tests: render and parse are inverse on every tree the text format can represent.

A tree is representable when its canonical text parses back to it. The parser places a line by
what is open above it, so some trees have no text: a sub-paragraph directly under an article
right after a paragraph (it would join the paragraph), a paragraph after a chapter inside the
same section (it would join the chapter), a part right after the preamble (it would join the
preamble), a `Note.` inside a paragraph (only editorial `[...]` notes go there), a part right
after a paragraph inside a heading (a point stays open: it would continue the paragraph, or be
the wrap-up of its list), sub-paragraphs numbered back without a new `list`, a line opening
with a capital right below a sub-paragraph's sentence (it starts the point's wrap-up), a part
right after a note that ends with `:` or `;` (it would be the note's items).
`trees()` builds only representable trees, following those placement rules.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from alatau_legal.acts.text import Kind, Provision, parse, render
from alatau_legal.acts.text.parser import LEVEL

LANGUAGES = ("en", "ru", "kk")
SETTINGS = settings(max_examples=200, deadline=None)


def shape(provisions: list[Provision]) -> list[tuple]:
    """A tree's content without eIds: what must survive render → parse."""
    return [(p.kind, p.num, p.heading, p.text, shape(p.children)) for p in provisions]


# --- representable trees -----------------------------------------------------------------------

# Words that cannot start a provision, so a line that opens with one is always plain text.
_PLAIN_FIRST = st.sampled_from(
    ["The", "residents", "Настоящие", "в", "Осы", "және", "«Alatau»", "(a)", "а)", "—", "5%"]
)
# Any word at all once the line has started, structural-looking ones included.
_ANY_WORD = _PLAIN_FIRST | st.sampled_from(
    [
        *("Article", "Глава", "5-бап.", "Annex", "Note.", "Примечание:", "1.", "2)", "IV", "№"),
        *("[a]", "[", "]", "of", "City", "порядок", "шарт", "x", "...", ",", ";"),
    ]
)
_ENDING = st.sampled_from(["", ".", ":", ";", ","])


@st.composite
def _line(draw, first=_PLAIN_FIRST) -> str:
    words = [draw(first), *draw(st.lists(_ANY_WORD, max_size=5))]
    return " ".join(words) + draw(_ENDING)


_PLAIN_LINE = _line()
_ANY_LINE = _line(first=_ANY_WORD)
# A text: its first line follows a marker (`1. `, `Note. `), the rest stand on their own.
_TEXT = st.builds(
    lambda first, rest: "\n".join([first, *rest]), _ANY_LINE, st.lists(_PLAIN_LINE, max_size=2)
)
_PART_TEXT = st.lists(_PLAIN_LINE, min_size=1, max_size=3).map("\n".join)
# A title never ends with `:` or `;`: such words after a heading's number are its text.
_TITLE = st.just("") | _ANY_LINE.filter(lambda title: not title.endswith((":", ";")))
_HEADING_NUM = st.sampled_from(["1", "2", "5", "12", "4-1", "1.1", "I", "IV", "XII"])
_ANNEX_NUM = st.none() | st.sampled_from(["1", "2", "3-1", "II"])
_PARAGRAPH_NUM = st.sampled_from(["1", "2", "10", "1-1", "2.1"])
_SUBPARAGRAPH_NUMS = st.lists(st.sampled_from(["1", "2", "5-1"]), unique=True, max_size=3).map(
    lambda nums: sorted(nums, key=lambda n: tuple(int(x) for x in n.split("-")))
)


def _continues(text: str) -> bool:
    """Whether every line of a sub-paragraph's text reads as a continuation of the one above."""
    lines = text.split("\n")
    return not any(a.endswith(".") and b[:1].isupper() for a, b in itertools.pairwise(lines))


_SUBPARAGRAPH_TEXT = st.builds(
    lambda first, rest: "\n".join([first, *rest]), _ANY_LINE, st.lists(_PLAIN_LINE, max_size=2)
).filter(_continues)


_EDITORIAL_TEXT = st.builds(
    lambda first, rest: "\n".join([f"[{first}]", *rest]),
    _ANY_LINE,
    st.lists(_PLAIN_LINE, max_size=1),
)
_NOTE_TEXT = st.just("") | _TEXT | _EDITORIAL_TEXT


def _subparagraphs(draw, nums: list[str], notes: bool = True) -> list[Provision]:
    """Sub-paragraphs numbered in sequence, with editorial notes among them."""
    items: list[Provision] = []
    for num in nums:
        if notes and draw(st.booleans()):
            items.append(Provision(Kind.NOTE, text=draw(_EDITORIAL_TEXT)))
        items.append(Provision(Kind.SUBPARAGRAPH, num, text=draw(_SUBPARAGRAPH_TEXT)))
    return items


def _paragraph(draw) -> Provision:
    """A paragraph with its list (editorial notes among it), further lists and a wrap-up."""
    children = _subparagraphs(draw, draw(_SUBPARAGRAPH_NUMS))
    if any(child.kind is Kind.SUBPARAGRAPH for child in children):
        for _ in range(draw(st.integers(0, 2))):
            nums = ["1", *draw(st.lists(st.sampled_from(["2", "3"]), unique=True).map(sorted))]
            # Words after a sub-paragraph that ends with `:` are its own, never a list's intro.
            intro = "" if _introduces(children) else draw(st.just("") | _PART_TEXT)
            children.append(
                Provision(Kind.LIST, text=intro, children=_subparagraphs(draw, nums, notes=False))
            )
        if not _introduces(children) and draw(st.booleans()):
            children.append(Provision(Kind.WRAP_UP, text=draw(_PART_TEXT)))
    return Provision(
        Kind.PARAGRAPH, draw(_PARAGRAPH_NUM), text=draw(st.just("") | _TEXT), children=children
    )


def _introduces(children: list[Provision]) -> bool:
    """Whether a point's last item is a sub-paragraph whose own words end with `:` (the
    unnumbered lines after it are its own, see acts/README.md)."""
    last = children[-1]
    if last.kind is Kind.LIST:
        last = last.children[-1]
    return last.kind is Kind.SUBPARAGRAPH and last.text.partition("\n")[0].endswith(":")


def _leaves(draw, container: Kind | None, start: list[Provision]) -> list[Provision]:
    """Paragraphs, notes, parts (and, in an article, sub-paragraphs) that open a container."""
    items = list(start)
    choices = ["paragraph", "note", "part"] + (
        ["subparagraph"] if container is Kind.ARTICLE else []
    )
    # An article's own sub-paragraphs are numbered on through its parts.
    subparagraph_nums = iter(["1", "2", "3", "4"])
    for _ in range(draw(st.integers(0, 3))):
        choice = draw(st.sampled_from(choices))
        after = items[-1] if items else None
        before_notes = next((i for i in reversed(items) if i.kind is not Kind.NOTE), None)
        if choice == "paragraph":
            items.append(_paragraph(draw))
        elif choice == "note":
            text = draw(_NOTE_TEXT)
            # An editorial `[...]` note is its own marker; another may be a footnote.
            heading = "" if text.startswith("[") else draw(st.sampled_from(_FOOTNOTE_WORDS))
            items.append(Provision(Kind.NOTE, heading=heading, text=text))
        elif choice == "subparagraph" and _subparagraph_may_follow(before_notes, items):
            text = draw(_SUBPARAGRAPH_TEXT)
            items.append(Provision(Kind.SUBPARAGRAPH, next(subparagraph_nums), text=text))
        elif choice == "part" and _part_may_follow(container, after, items):
            items.append(Provision(Kind.PART, text=draw(_PART_TEXT)))
    return items


_FOOTNOTE_WORDS = ["", "Сноска", "Footnote"]


def _subparagraph_may_follow(before: Provision | None, items: list[Provision]) -> bool:
    """An article's own sub-paragraph: not after a paragraph (it would join it), and numbered
    on only right after the one before (text between two of them is the earlier one's)."""
    if before is not None and before.kind is Kind.PARAGRAPH:
        return False
    started = any(item.kind is Kind.SUBPARAGRAPH for item in items)
    return not started or (before is not None and before.kind is Kind.SUBPARAGRAPH)


def _part_may_follow(container: Kind | None, after: Provision | None, items) -> bool:
    """Whether unnumbered text after `after` starts a part (see the module docstring)."""
    if after is not None and after.kind is Kind.NOTE and after.text.endswith((":", ";")):
        return False  # a note that introduces a list keeps the lines below it as its items
    if after is not None and after.kind is Kind.PARAGRAPH:
        # A point stays open: inside a heading always, at the top while it has a list.
        return container is None and not any(
            child.kind is not Kind.NOTE for child in after.children
        )
    if container is None:
        # Before the first provision (after the act's footnotes) text is the preamble.
        return any(item.kind not in (Kind.NOTE, Kind.PREAMBLE) for item in items)
    return True


def _headed_children(draw, kinds: list[Kind], depth: int) -> list[Provision]:
    """Headings under one parent, deepest level first: `Article` then `Chapter` then `Section`."""
    chosen = draw(st.lists(st.sampled_from(kinds), max_size=2)) if kinds and depth < 3 else []
    chosen.sort(key=LEVEL.__getitem__, reverse=True)
    if Kind.SECTION in chosen and Kind.CHAPTER in chosen:
        # A section after a chapter would be read inside it (the text numbers it there).
        chosen = [kind for kind in chosen if kind is not Kind.CHAPTER]
    return [_headed(draw, kind, depth + 1) for kind in chosen]


_BELOW: dict[Kind, list[Kind]] = {
    Kind.ANNEX: [Kind.SECTION, Kind.CHAPTER, Kind.ARTICLE],
    Kind.SECTION: [Kind.CHAPTER, Kind.ARTICLE],
    Kind.CHAPTER: [Kind.ARTICLE],
    Kind.ARTICLE: [],
}


def _headed(draw, kind: Kind, depth: int) -> Provision:
    num = draw(_ANNEX_NUM if kind is Kind.ANNEX else _HEADING_NUM)
    children = _leaves(draw, kind, []) + _headed_children(draw, _BELOW[kind], depth)
    return Provision(kind, num, heading=draw(_TITLE), children=children)


@st.composite
def trees(draw) -> list[Provision]:
    """A representable tree: preamble, top-level provisions, headings, then annexes."""
    start = []
    if draw(st.booleans()):
        parts = draw(st.lists(_PART_TEXT, min_size=1, max_size=2))
        start = [Provision(Kind.PREAMBLE, children=[Provision(Kind.PART, text=t) for t in parts])]
    top = _leaves(draw, None, start)
    top += _headed_children(draw, [Kind.SECTION, Kind.CHAPTER, Kind.ARTICLE], 0)
    if draw(st.booleans()):
        signer = draw(st.sampled_from(_SIGNERS))
        rest = draw(st.lists(_PLAIN_LINE, max_size=3))
        top.append(Provision(Kind.CONCLUSIONS, text="\n".join([signer, *rest])))
    top += [_headed(draw, Kind.ANNEX, 1) for _ in range(draw(st.integers(0, 2)))]
    return top


_SIGNERS = [
    "Президент Республики Казахстан",
    "Қазақстан Республикасының",
    "Қазақстан Республикасының Президенті",
    "President of the Republic of Kazakhstan",
    "Minister A. Name",
    "Аким города Алатау",
]


def _as_in(provisions: list[Provision], language: str) -> list[Provision]:
    """The tree as `language` writes it: a footnote in its word, in Kazakh the note's word."""
    footnote = {"en": "Footnote", "ru": "Сноска", "kk": ""}[language]
    return [
        Provision(
            p.kind,
            p.num,
            (footnote if p.heading else "") if p.kind is Kind.NOTE else p.heading,
            p.text,
            _as_in(p.children, language),
        )
        for p in provisions
    ]


@SETTINGS
@given(trees(), st.sampled_from(LANGUAGES))
def test_parse_gives_back_the_rendered_tree(tree, language):
    text = render(tree, language)
    reparsed = parse(text).provisions
    assert shape(reparsed) == shape(_as_in(tree, language)), text
    assert render(reparsed, language) == text  # and the canonical text is a fixed point


# --- arbitrary text ----------------------------------------------------------------------------

_STRUCTURAL_LINE = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(
        [
            *("Article ", "ARTICLE ", "article", "Chapter ", "Section ", "Annex", "Annex "),
            *("Статья ", "Статья № ", "ГЛАВА ", "Раздел ", "Приложение ", "Приложение"),
            *("Қосымша", "1-", "4-1-", "II-", "ІІ-", "", "", "", "Note", "Примечание", "["),
        ]
    ),
    st.sampled_from(["1", "4-1", "1.1", "IV", "mix", "five", "", "бап", "тарау", "бөлім"]),
    st.sampled_from([".", ":", ")", "", " ", "-бап", "-қосымша", "]", ". "]),
    st.just("") | _ANY_LINE,
)
_RAW_LINE = (
    _STRUCTURAL_LINE
    | _ANY_LINE
    | _PLAIN_LINE.map(str.upper)
    | st.sampled_from(["", " ", "\t", "\u00a0 ", "\ufeffBOM line"])
    | st.text(max_size=12)
)
_NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])

# What the parser may take off the front of a line because kind and num say it instead.
_MARKER = re.compile(
    r"""^(?:
        (?:section|chapter|article|annex|раздел|глава|статья|приложение|қосымша)
            (?:\ ?(?:№\ ?)?(?:\d[\d.\-–]*|[ivxlcdmіх]+))?\ ?[.:]?
      | (?:\d[\d.\-–]*|[ivxlcdmіх]+)\ ?[-–]\ ?(?:бөлім|тарау|бап|қосымша)[.:]?
      | \d[\d.\-–]*[.)]
      | (?:notes?|примечани[ея]|ескерту|ескертпе)\ ?[.:]
    )\ ?$""",
    re.IGNORECASE | re.VERBOSE,
)


# A Kazakh annex of an approved act names what it is attached to before its marker:
# `Қағидаларға 1-қосымша` keeps `Қағидаларға` as its heading (parser._ANNEX_LAST_RE).
_TRAILING_MARKER = re.compile(
    r"^\s(?:№\s?)?[0-9]+(?:[.\u2010-\u2013-][0-9]+)*(?:\s?[\u2010-\u2013-]\s?|\s)қосымша$",
    re.IGNORECASE,
)


def _kept_lines(provisions: list[Provision]) -> list[str]:
    """Every heading and line of text in the tree, in document order."""
    kept = []
    for provision in (p for top in provisions for p in top.walk()):
        if provision.heading:
            kept.append(provision.heading)
        if provision.text:
            kept.extend(provision.text.split("\n"))
    return kept


def assert_nothing_dropped(text: str, provisions: list[Provision]) -> None:
    """Each non-blank line is in the tree, in order: whole, or after a marker the tree encodes."""
    kept = _kept_lines(provisions)
    reachable = {0}  # how many kept lines the input lines so far can account for
    lines = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in (" ".join(raw.split()) for raw in lines):
        if not line:
            continue
        after = set()
        for i in reachable:
            if _MARKER.match(line):
                after.add(i)  # a bare marker, `Chapter 1.` or `1.`, keeps no words
            if i < len(kept) and line.endswith(kept[i]):
                prefix = line[: len(line) - len(kept[i])]
                if not prefix or _MARKER.match(prefix):
                    after.add(i + 1)
            trailing = i < len(kept) and line.startswith(kept[i])
            if trailing and _TRAILING_MARKER.match(line[len(kept[i]) :]):
                after.add(i + 1)
        assert after, f"{line!r} is not in the tree {kept!r}"
        reachable = after
    assert len(kept) in reachable


@SETTINGS
@given(st.lists(_RAW_LINE, max_size=30), _NEWLINES)
def test_arbitrary_text_is_parsed_without_loss(lines, newline):
    text = newline.join(lines)
    parsed = parse(text)
    assert_nothing_dropped(text, parsed.provisions)
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert all(1 <= issue.line <= line_count for issue in parsed.issues)


@SETTINGS
@given(st.lists(_RAW_LINE, max_size=30), st.sampled_from(LANGUAGES))
def test_whatever_the_parser_makes_renders_and_parses_back(lines, language):
    provisions = parse("\n".join(lines)).provisions
    text = render(provisions, language)
    assert shape(parse(text).provisions) == shape(provisions), text
    assert render(parse(text).provisions, language) == text
