"""Comparing two versions provision by provision, word diffs, and merging concurrent saves."""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from alatau_legal.acts.compare import (
    Change,
    build_tree,
    compare,
    merge,
    word_diff,
)
from alatau_legal.acts.text.eids import FlatProvision, assign_eids, flatten
from alatau_legal.acts.text.model import HEADED_KINDS, Kind, Provision
from alatau_legal.acts.text.parser import parse

PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# --- building trees by hand ----------------------------------------------------------------


def chp(num: str, heading: str, *children: Provision) -> Provision:
    return Provision(Kind.CHAPTER, num, heading, children=list(children))


def art(num: str, heading: str, *children: Provision) -> Provision:
    return Provision(Kind.ARTICLE, num, heading, children=list(children))


def para(num: str, text: str, *children: Provision) -> Provision:
    return Provision(Kind.PARAGRAPH, num, text=text, children=list(children))


def note(text: str) -> Provision:
    return Provision(Kind.NOTE, text=text)


def tree(*provisions: Provision) -> list[Provision]:
    assign_eids(provisions)
    return list(provisions)


TERMS = "In these Rules the following terms are used with the meanings given below."
INVESTOR = "An investor is a person who makes investments in Alatau City under these Rules."
SCOPE = "These Rules apply to every investor registered in Alatau City."
EXEMPTIONS = "Preferences are granted as exemptions from land tax and property tax."
TERM = "Preferences are granted for a period of ten years from the date of the contract."


def base_act(
    *,
    terms: str = TERMS,
    investor: str = INVESTOR,
    scope: str = SCOPE,
    exemptions: str = EXEMPTIONS,
    term: str = TERM,
) -> list[Provision]:
    """A small act: chapter 1 (articles 1, 2) and chapter 2 (article 3)."""
    return tree(
        chp(
            "1",
            "General provisions",
            art("1", "Terms", para("1", terms), para("2", investor)),
            art("2", "Scope", para("1", scope)),
        ),
        chp(
            "2",
            "Preferences",
            art("3", "Kinds of preference", para("1", exemptions), para("2", term)),
        ),
    )


def by_eid(provisions: list[Provision]) -> dict[str, FlatProvision]:
    return {row.eid: row for row in flatten(provisions)}


# --- word_diff ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "", []),
        ("same words", "same words", [("equal", "same words")]),
        ("", "new words", [("insert", "new words")]),
        ("old words", "", [("delete", "old words")]),
        (
            "within ten days",
            "within fifteen days",
            [("equal", "within "), ("delete", "ten"), ("insert", "fifteen"), ("equal", " days")],
        ),
        # Neighbouring replaced words read as one edit, not word-space-word confetti.
        (
            "the cat sat on the mat",
            "a dog sat on the mat",
            [("delete", "the cat"), ("insert", "a dog"), ("equal", " sat on the mat")],
        ),
        # Whole words only: a changed ending replaces the word.
        (
            "investment preferences granted",
            "investment preference granted",
            [
                ("equal", "investment "),
                ("delete", "preferences"),
                ("insert", "preference"),
                ("equal", " granted"),
            ],
        ),
        (
            "within 10 days.",
            "within 10 working days;",
            [
                ("equal", "within 10 "),
                ("insert", "working "),
                ("equal", "days"),
                ("delete", "."),
                ("insert", ";"),
            ],
        ),
        (
            "Инвестор вправе обратиться в уполномоченный орган.",
            "Инвестор обязан обратиться в уполномоченный орган.",
            [
                ("equal", "Инвестор "),
                ("delete", "вправе"),
                ("insert", "обязан"),
                ("equal", " обратиться в уполномоченный орган."),
            ],
        ),
        (
            "Инвестор өтінішті береді",
            "Инвестор өтінішті қайта береді",
            [("equal", "Инвестор өтінішті "), ("insert", "қайта "), ("equal", "береді")],
        ),
        (
            "Қазақстан Республикасының заңы",
            "Қазақстан Республикасының кодексі",
            [("equal", "Қазақстан Республикасының "), ("delete", "заңы"), ("insert", "кодексі")],
        ),
        (
            "first line\nsecond line",
            "first line\nthird line",
            [
                ("equal", "first line\n"),
                ("delete", "second"),
                ("insert", "third"),
                ("equal", " line"),
            ],
        ),
    ],
)
def test_word_diff(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert word_diff(old, new) == expected


WORDS = [
    "the",
    "investor",
    "shall",
    "days",
    "10",
    "инвестор",
    "вправе",
    "орган",
    "өтініш",
    "қайта",
    "береді",
    "Alatau",
]
SEPARATORS = [" ", "  ", ", ", ". ", "\n", "; ", "-", "(", ")"]
phrases = st.lists(st.sampled_from(WORDS) | st.sampled_from(SEPARATORS), max_size=30).map("".join)


@PROPERTY_SETTINGS
@given(old=phrases | st.text(), new=phrases | st.text())
def test_word_diff_rebuilds_both_sides(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert "".join(text for op, text in ops if op != "insert") == old
    assert "".join(text for op, text in ops if op != "delete") == new
    assert all(op in {"equal", "insert", "delete"} and text for op, text in ops)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(ops))


@PROPERTY_SETTINGS
@given(text=phrases | st.text())
def test_word_diff_of_equal_texts_is_one_equal(text: str) -> None:
    assert word_diff(text, text) == ([("equal", text)] if text else [])


# --- compare --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """An expected change, by eIds: the new one (old one for removed), and the old one."""

    eid: str
    change: str
    old_eid: str | None
    diff: list[tuple[str, str]] | None = None


def summary(changes: list[Change]) -> list[Expect]:
    return [Expect(c.eid, c.change, c.old.eid if c.old else None, c.diff) for c in changes]


def _move_article_2_to_chapter_2() -> list[Provision]:
    act = base_act()
    moved = act[0].children.pop(1)
    act[1].children.insert(0, moved)
    return tree(*act)


def _renumber_article_2_as_4(*, scope: str = SCOPE) -> list[Provision]:
    act = base_act(scope=scope)
    act[0].children.pop(1)
    act[1].children.append(art("4", "Scope", para("1", scope)))
    return tree(*act)


COMPARE_CASES = {
    "identical": (base_act(), []),
    "one word": (
        base_act(term=TERM.replace("ten", "fifteen")),
        [
            Expect(
                "art_3__para_2",
                "changed",
                "art_3__para_2",
                [
                    ("equal", "Preferences are granted for a period of "),
                    ("delete", "ten"),
                    ("insert", "fifteen"),
                    ("equal", " years from the date of the contract."),
                ],
            )
        ],
    ),
    "heading": (
        tree(*base_act()[:1], chp("2", "Investment preferences", *base_act()[1].children)),
        [
            Expect(
                "chp_2",
                "changed",
                "chp_2",
                [("delete", "Preferences"), ("insert", "Investment preferences")],
            )
        ],
    ),
    "number only (Roman to Arabic keeps the eId)": (
        tree(chp("I", "General provisions", *base_act()[0].children), base_act()[1]),
        [Expect("chp_1", "changed", "chp_1", [("equal", "General provisions")])],
    ),
    "added paragraph": (
        tree(
            *base_act()[:1],
            chp(
                "2",
                "Preferences",
                art(
                    "3",
                    "Kinds of preference",
                    para("1", EXEMPTIONS),
                    para("2", TERM),
                    para("3", "New."),
                ),
            ),
        ),
        [Expect("art_3__para_3", "added", None)],
    ),
    "removed, changed and added, in reading order": (
        tree(
            chp(
                "1",
                "General provisions",
                art("1", "Terms", para("2", INVESTOR)),
                art("2", "Scope", para("1", "These Rules apply to every investor.")),
            ),
            chp(
                "2",
                "Preferences",
                art(
                    "3",
                    "Kinds of preference",
                    para("1", EXEMPTIONS),
                    para("2", TERM),
                    para("3", "New."),
                ),
            ),
        ),
        [
            # The removed paragraph stands where it stood: right after article 1's heading.
            Expect("art_1__para_1", "removed", "art_1__para_1"),
            Expect(
                "art_2__para_1",
                "changed",
                "art_2__para_1",
                [
                    ("equal", "These Rules apply to every investor"),
                    ("delete", " registered in Alatau City"),
                    ("equal", "."),
                ],
            ),
            Expect("art_3__para_3", "added", None),
        ],
    ),
    "article moved to another chapter keeps its eId": (
        _move_article_2_to_chapter_2(),
        [Expect("art_2", "moved", "art_2")],
    ),
    "renumbered without edits": (
        _renumber_article_2_as_4(),
        [Expect("art_4", "moved", "art_2"), Expect("art_4__para_1", "moved", "art_2__para_1")],
    ),
    "renumbered and edited": (
        _renumber_article_2_as_4(scope=SCOPE.replace("every", "each")),
        [
            Expect("art_4", "moved", "art_2"),
            Expect(
                "art_4__para_1",
                "moved",
                "art_2__para_1",
                [
                    ("equal", "These Rules apply to "),
                    ("delete", "every"),
                    ("insert", "each"),
                    ("equal", " investor registered in Alatau City."),
                ],
            ),
        ],
    ),
    "renumbered and rewritten is removed and added": (
        _renumber_article_2_as_4(scope="Nothing here is like the old paragraph at all."),
        [
            # The article is still paired by its identical heading; its paragraph is not.
            Expect("art_4", "moved", "art_2"),
            Expect("art_2__para_1", "removed", "art_2__para_1"),
            Expect("art_4__para_1", "added", None),
        ],
    ),
}


@pytest.mark.parametrize(("new", "expected"), list(COMPARE_CASES.values()), ids=list(COMPARE_CASES))
def test_compare(new: list[Provision], expected: list[Expect]) -> None:
    assert summary(compare(flatten(base_act()), flatten(new))) == expected


def test_compare_carries_both_rows() -> None:
    old, new = base_act(), _renumber_article_2_as_4()
    [article, paragraph] = compare(flatten(old), flatten(new))
    assert article.old == by_eid(old)["art_2"]
    assert article.new == by_eid(new)["art_4"]
    assert (paragraph.old, paragraph.new) == (
        by_eid(old)["art_2__para_1"],
        by_eid(new)["art_4__para_1"],
    )


def test_identical_wording_is_paired_before_similar_wording() -> None:
    old = tree(art("1", "A", para("1", SCOPE), para("2", SCOPE.replace("every", "each"))))
    new = tree(art("1", "A", para("5", SCOPE)))
    assert summary(compare(flatten(old), flatten(new))) == [
        Expect("art_1__para_5", "moved", "art_1__para_1"),
        Expect("art_1__para_2", "removed", "art_1__para_2"),
    ]


def test_the_most_similar_removed_provision_is_paired() -> None:
    far = TERM.replace("ten years", "five calendar years")
    near = TERM.replace("ten", "nine")
    old = tree(art("1", "A", para("1", far), para("2", near)))
    new = tree(art("1", "A", para("7", TERM)))
    changes = compare(flatten(old), flatten(new))
    assert summary(changes)[0] == Expect("art_1__para_1", "removed", "art_1__para_1")
    assert summary(changes)[1] == Expect(
        "art_1__para_7",
        "moved",
        "art_1__para_2",
        [
            ("equal", "Preferences are granted for a period of "),
            ("delete", "nine"),
            ("insert", "ten"),
            ("equal", " years from the date of the contract."),
        ],
    )


def test_kinds_are_not_paired_across() -> None:
    old = tree(art("1", "A", para("1", SCOPE)))
    new = tree(art("1", "A", note(SCOPE)))
    assert [c.change for c in compare(flatten(old), flatten(new))] == ["removed", "added"]


# Random acts for the properties below: chapters of articles of paragraphs (some with
# sub-paragraphs) and notes, in three languages.
VOCABULARY = [
    "investor",
    "preference",
    "shall",
    "days",
    "committee",
    "инвестор",
    "вправе",
    "орган",
    "преференция",
    "өтініш",
    "қайта",
    "береді",
    "инвесторға",
]
texts = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6).map(" ".join)


@st.composite
def acts(draw: st.DrawFn) -> list[Provision]:
    article_number = 0
    chapters = []
    for chapter_number in range(1, draw(st.integers(1, 3)) + 1):
        articles = []
        for _ in range(draw(st.integers(0, 3))):
            article_number += 1
            children = []
            for number in range(1, draw(st.integers(0, 3)) + 1):
                subparagraphs = [
                    Provision(Kind.SUBPARAGRAPH, str(sub), text=draw(texts))
                    for sub in range(1, draw(st.integers(0, 2)) + 1)
                ]
                children.append(para(str(number), draw(texts), *subparagraphs))
            if draw(st.booleans()):
                children.append(note(draw(texts)))
            articles.append(art(str(article_number), draw(texts), *children))
        chapters.append(chp(str(chapter_number), draw(texts), *articles))
    return tree(*chapters)


@dataclass(frozen=True)
class Edit:
    """One drafter's edit, naming its target by the base version's eId."""

    op: str  # reword | remove | append_paragraph | add_article | reverse | move_to
    target: str
    text: str = ""
    destination: str = ""


def apply_edits(base: list[Provision], edits: list[Edit]) -> list[Provision]:
    """A copy of `base` with the edits made (edits whose target is gone are skipped)."""
    act = copy.deepcopy(base)
    for edit in edits:
        nodes = {p.eid: p for top in act for p in top.walk() if p.eid}
        parents = {c.eid: p for top in act for p in top.walk() for c in p.children if c.eid}
        node = nodes.get(edit.target)
        if node is None:
            continue
        if edit.op == "reword":
            if node.kind in HEADED_KINDS:
                node.heading = edit.text
            else:
                node.text = edit.text
        elif edit.op == "remove":
            siblings = parents[node.eid].children if node.eid in parents else act
            siblings.remove(node)
        elif edit.op == "append_paragraph":
            numbers = [int(c.num) for c in node.children if c.kind is Kind.PARAGRAPH]
            node.children.append(para(str(max(numbers, default=0) + 1), edit.text))
        elif edit.op == "add_article":
            numbers = [int(p.num) for p in nodes.values() if p.kind is Kind.ARTICLE]
            number = str(max(numbers, default=0) + 1)
            node.children.append(art(number, edit.text, para("1", edit.text)))
        elif edit.op == "reverse":
            node.children.reverse()
        elif edit.op == "move_to" and edit.destination in nodes:
            parents[node.eid].children.remove(node)
            nodes[edit.destination].children.append(node)
    assign_eids(act)
    return act


def edits_within(base: list[Provision], roots: list[str]) -> st.SearchStrategy[list[Edit]]:
    """Edits that touch only the subtrees of the given eIds (or anywhere, if none given)."""
    everything = [p for top in base for p in top.walk()]
    if roots:
        everything = [p for top in everything if top.eid in roots for p in top.walk()]
    eids = [p.eid for p in everything]
    articles = [p.eid for p in everything if p.kind is Kind.ARTICLE]
    removable = [p.eid for p in everything if p.kind is not Kind.CHAPTER]
    chapters = [p.eid for top in base for p in top.walk() if p.kind is Kind.CHAPTER]
    options = [st.builds(Edit, st.just("reword"), st.sampled_from(eids), texts)]
    options.append(st.builds(Edit, st.just("reverse"), st.sampled_from(eids)))
    if removable:
        options.append(st.builds(Edit, st.just("remove"), st.sampled_from(removable)))
    if articles:
        options.append(
            st.builds(Edit, st.just("append_paragraph"), st.sampled_from(articles), texts)
        )
    if not roots:
        options.append(st.builds(Edit, st.just("add_article"), st.sampled_from(chapters), texts))
        if articles:
            options.append(
                st.builds(
                    Edit,
                    st.just("move_to"),
                    st.sampled_from(articles),
                    destination=st.sampled_from(chapters),
                )
            )
    return st.lists(st.one_of(options), max_size=4)


@PROPERTY_SETTINGS
@given(act=acts())
def test_compare_a_version_with_itself_finds_nothing(act: list[Provision]) -> None:
    assert compare(flatten(act), flatten(act)) == []


@PROPERTY_SETTINGS
@given(data=st.data(), base=acts())
def test_compare_accounts_for_every_provision(data: st.DataObject, base: list[Provision]) -> None:
    new = apply_edits(base, data.draw(edits_within(base, [])))
    old_rows, new_rows = flatten(base), flatten(new)
    changes = compare(old_rows, new_rows)

    old_seen = [c.old for c in changes if c.old is not None]
    new_seen = [c.new for c in changes if c.new is not None]
    assert len(set(old_seen)) == len(old_seen) and len(set(new_seen)) == len(new_seen)
    old_by_eid = {row.eid: row for row in old_rows}
    new_by_eid = {row.eid: row for row in new_rows}
    # A provision no change mentions is the same provision, unmoved, under the same eId.
    for row in set(new_rows) - set(new_seen):
        assert old_by_eid[row.eid] == row
    for row in set(old_rows) - set(old_seen):
        assert new_by_eid[row.eid] == row
    # What exists in the new version is listed in its reading order.
    positions = [new_rows.index(c.new) for c in changes if c.new is not None]
    assert positions == sorted(positions)
    for c in changes:
        assert c.eid == (c.new.eid if c.new else c.old.eid)
        assert (c.diff is not None) == (
            c.change == "changed"
            or (c.change == "moved" and c.old.content[2:] != c.new.content[2:])
        )


def test_compare_finds_every_edit_in_a_long_act() -> None:
    # The act of the benchmark: 1,500 provisions, 5% of them edited (its speed is measured
    # in tests/benchmarks, not here).
    articles = [
        art(
            str(a),
            f"Article heading {a}",
            *[
                para(str(p), f"Paragraph {p} of article {a} says something " * 4)
                for p in range(1, 10)
            ],
        )
        for a in range(1, 151)
    ]
    old = tree(*articles)
    new = copy.deepcopy(old)
    for index, provision in enumerate(p for top in new for p in top.walk()):
        if index % 20 == 7:
            provision.text += " Amended."
    changes = compare(flatten(old), flatten(new))
    assert len(changes) == 75
    assert {change.change for change in changes} == {"changed"}
    for change in changes:
        inserted = "".join(text for op, text in change.diff if op == "insert")
        assert inserted.strip() == "Amended."
        assert all(not text.strip() for op, text in change.diff if op == "delete")


# --- build_tree -----------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(act=acts())
def test_build_tree_inverts_flatten(act: list[Provision]) -> None:
    assert build_tree(flatten(act)) == act


def test_build_tree_refuses_a_row_before_its_parent() -> None:
    [chapter, article, *_] = flatten(base_act())
    with pytest.raises(ValueError, match="art_1"):
        build_tree([article, chapter])


# --- merge ----------------------------------------------------------------------------------

NEW_TERM = TERM.replace("ten", "fifteen")
NEW_SCOPE = "These Rules apply to every investor."


def _with(act: list[Provision], edits: list[Edit]) -> list[Provision]:
    return apply_edits(act, edits)


MERGE_CASES = {
    "edits to different articles both survive": (
        [Edit("reword", "art_3__para_2", NEW_TERM)],
        [Edit("reword", "art_2__para_1", NEW_SCOPE)],
        base_act(term=NEW_TERM, scope=NEW_SCOPE),
    ),
    "the same edit on both sides": (
        [Edit("reword", "art_3__para_2", NEW_TERM)],
        [Edit("reword", "art_3__para_2", NEW_TERM)],
        base_act(term=NEW_TERM),
    ),
    "our removal next to their edit": (
        [Edit("reword", "art_1__para_1", "Terms.")],
        [Edit("remove", "art_2")],
        _with(base_act(terms="Terms."), [Edit("remove", "art_2")]),
    ),
    "our paragraph lands after its neighbour, theirs stays": (
        [Edit("append_paragraph", "art_3", "Their paragraph.")],
        [Edit("reword", "art_1__para_2", "x")],
        _with(base_act(investor="x"), [Edit("append_paragraph", "art_3", "Their paragraph.")]),
    ),
    "both add paragraphs to different articles": (
        [Edit("append_paragraph", "art_1", "Theirs.")],
        [Edit("append_paragraph", "art_3", "Ours.")],
        _with(
            base_act(),
            [
                Edit("append_paragraph", "art_1", "Theirs."),
                Edit("append_paragraph", "art_3", "Ours."),
            ],
        ),
    ),
    "our reordering is kept": (
        [Edit("reword", "art_1__para_1", "Terms.")],
        [Edit("reverse", "chp_1")],
        _with(base_act(terms="Terms."), [Edit("reverse", "chp_1")]),
    ),
    "our move to another chapter is kept": (
        [Edit("reword", "art_3__para_1", "Exemptions.")],
        [Edit("move_to", "art_2", destination="chp_2")],
        _with(base_act(exemptions="Exemptions."), [Edit("move_to", "art_2", destination="chp_2")]),
    ),
}


@pytest.mark.parametrize(
    ("their_edits", "our_edits", "expected"), list(MERGE_CASES.values()), ids=list(MERGE_CASES)
)
def test_merge(their_edits: list[Edit], our_edits: list[Edit], expected: list[Provision]) -> None:
    base = base_act()
    result = merge(
        flatten(base), flatten(_with(base, their_edits)), flatten(_with(base, our_edits))
    )
    assert result.conflicts == []
    assert result.provisions == expected


def test_merge_inserts_our_paragraph_between_existing_ones() -> None:
    base = base_act()
    ours = copy.deepcopy(base)
    ours[1].children[0].children.insert(1, para("1-1", "Inserted."))
    theirs = base_act(term=NEW_TERM)
    result = merge(flatten(base), flatten(theirs), flatten(tree(*ours)))
    article = result.provisions[1].children[0]
    assert [(p.eid, p.text) for p in article.children] == [
        ("art_3__para_1", EXEMPTIONS),
        ("art_3__para_1-1", "Inserted."),
        ("art_3__para_2", NEW_TERM),
    ]


CONFLICT_CASES = {
    "both reword one paragraph": (
        [Edit("reword", "art_3__para_2", NEW_TERM)],
        [Edit("reword", "art_3__para_2", "Something else.")],
        ["art_3__para_2"],
    ),
    "we reword what they removed": (
        [Edit("remove", "art_3")],
        [Edit("reword", "art_3__para_1", "Exemptions.")],
        ["art_3__para_1"],
    ),
    "we remove what they reworded": (
        [Edit("reword", "art_2__para_1", NEW_SCOPE)],
        [Edit("remove", "art_2")],
        ["art_2__para_1"],
    ),
    "we remove an article they added to": (
        [Edit("append_paragraph", "art_2", "Theirs.")],
        [Edit("remove", "art_2")],
        ["art_2__para_2"],
    ),
    "we add to an article they removed": (
        [Edit("remove", "art_2")],
        [Edit("append_paragraph", "art_2", "Ours.")],
        ["art_2__para_2"],
    ),
    "both add the same paragraph number with different words": (
        [Edit("append_paragraph", "art_2", "Theirs.")],
        [Edit("append_paragraph", "art_2", "Ours.")],
        ["art_2__para_2"],
    ),
    "we move an article into a chapter they removed": (
        [Edit("remove", "chp_2")],
        [Edit("move_to", "art_2", destination="chp_2")],
        ["art_2"],
    ),
    "they move an article we reordered": (
        [Edit("move_to", "art_2", destination="chp_2")],
        [Edit("reverse", "chp_1")],
        ["art_2"],
    ),
}


@pytest.mark.parametrize(
    ("their_edits", "our_edits", "conflicting"),
    list(CONFLICT_CASES.values()),
    ids=list(CONFLICT_CASES),
)
def test_merge_conflicts(
    their_edits: list[Edit], our_edits: list[Edit], conflicting: list[str]
) -> None:
    base = base_act()
    theirs, ours = _with(base, their_edits), _with(base, our_edits)
    result = merge(flatten(base), flatten(theirs), flatten(ours))
    assert result.provisions is None
    assert [c.eid for c in result.conflicts] == conflicting
    for c in result.conflicts:
        assert (c.base, c.theirs, c.ours) == (
            by_eid(base).get(c.eid),
            by_eid(theirs).get(c.eid),
            by_eid(ours).get(c.eid),
        )


@PROPERTY_SETTINGS
@given(data=st.data(), base=acts())
def test_merge_onto_an_unchanged_act_gives_ours(data: st.DataObject, base: list[Provision]) -> None:
    ours = apply_edits(base, data.draw(edits_within(base, [])))
    result = merge(flatten(base), flatten(base), flatten(ours))
    assert result.conflicts == []
    assert result.provisions == ours


@PROPERTY_SETTINGS
@given(data=st.data(), base=acts())
def test_merge_of_an_unchanged_save_gives_theirs(
    data: st.DataObject, base: list[Provision]
) -> None:
    theirs = apply_edits(base, data.draw(edits_within(base, [])))
    result = merge(flatten(base), flatten(theirs), flatten(base))
    assert result.conflicts == []
    assert result.provisions == theirs


@PROPERTY_SETTINGS
@given(data=st.data(), base=acts())
def test_disjoint_edits_to_different_articles_both_survive(
    data: st.DataObject, base: list[Provision]
) -> None:
    articles = [p.eid for top in base for p in top.walk() if p.kind is Kind.ARTICLE]
    assume(len(articles) >= 2)
    theirs_article, our_article = data.draw(
        st.lists(st.sampled_from(articles), min_size=2, max_size=2, unique=True)
    )
    their_edits = data.draw(edits_within(base, [theirs_article]))
    our_edits = data.draw(edits_within(base, [our_article]))
    result = merge(
        flatten(base),
        flatten(apply_edits(base, their_edits)),
        flatten(apply_edits(base, our_edits)),
    )
    assert result.conflicts == []
    assert result.provisions == apply_edits(base, their_edits + our_edits)


@PROPERTY_SETTINGS
@given(data=st.data(), base=acts())
def test_rewording_one_provision_both_ways_conflicts(
    data: st.DataObject, base: list[Provision]
) -> None:
    target = data.draw(st.sampled_from([p for top in base for p in top.walk()]))
    their_text, our_text = data.draw(st.lists(texts, min_size=2, max_size=2, unique=True))
    current = target.heading if target.kind in HEADED_KINDS else target.text
    assume(current not in {their_text, our_text})
    theirs = apply_edits(base, [Edit("reword", target.eid, their_text)])
    # Our other edits come first so that none of them can undo our rewording.
    ours = apply_edits(
        base, [*data.draw(edits_within(base, [])), Edit("reword", target.eid, our_text)]
    )
    result = merge(flatten(base), flatten(theirs), flatten(ours))
    assert result.provisions is None
    assert target.eid in [c.eid for c in result.conflicts]


# --- through the parser ---------------------------------------------------------------------

SAMPLE_ACTS = sorted((Path(__file__).parents[2] / "acts").glob("*.txt"))

KK_BASE = """1-тарау. Жалпы ережелер
1-бап. Негізгі ұғымдар
1. Инвестор өтінішті уәкілетті органға береді.
2. Өтініш он жұмыс күні ішінде қаралады.
2-бап. Қолданылу саласы
1. Осы Қағидалар барлық инвесторларға қолданылады.
"""


def parsed(text: str) -> list[Provision]:
    result = parse(text)
    assert result.issues == []
    return result.provisions


def edited(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


PARSED_COMPARE_CASES = {
    "a Kazakh word": (
        edited(KK_BASE, "он жұмыс", "бес жұмыс"),
        [
            Expect(
                "art_1__para_2",
                "changed",
                "art_1__para_2",
                [
                    ("equal", "Өтініш "),
                    ("delete", "он"),
                    ("insert", "бес"),
                    ("equal", " жұмыс күні ішінде қаралады."),
                ],
            )
        ],
    ),
    "an inserted article 1-1": (
        edited(KK_BASE, "2-бап.", "1-1-бап. Өтініш\n1. Өтініш жазбаша беріледі.\n2-бап."),
        [Expect("art_1-1", "added", None), Expect("art_1-1__para_1", "added", None)],
    ),
    "a removed paragraph": (
        edited(KK_BASE, "1. Инвестор өтінішті уәкілетті органға береді.\n", ""),
        # Paragraph 2 keeps its number, so only paragraph 1 is gone.
        [Expect("art_1__para_1", "removed", "art_1__para_1")],
    ),
}


@pytest.mark.parametrize(
    ("new_text", "expected"), list(PARSED_COMPARE_CASES.values()), ids=list(PARSED_COMPARE_CASES)
)
def test_compare_parsed_texts(new_text: str, expected: list[Expect]) -> None:
    assert summary(compare(flatten(parsed(KK_BASE)), flatten(parsed(new_text)))) == expected


def test_merge_parsed_texts_edited_in_different_articles() -> None:
    theirs = edited(KK_BASE, "он жұмыс", "бес жұмыс")
    ours = edited(KK_BASE, "барлық инвесторларға", "барлық қатысушыларға")
    result = merge(flatten(parsed(KK_BASE)), flatten(parsed(theirs)), flatten(parsed(ours)))
    assert result.provisions == parsed(
        edited(theirs, "барлық инвесторларға", "барлық қатысушыларға")
    )


def test_merge_parsed_texts_edited_in_the_same_paragraph() -> None:
    theirs = edited(KK_BASE, "он жұмыс", "бес жұмыс")
    ours = edited(KK_BASE, "он жұмыс", "он бес жұмыс")
    result = merge(flatten(parsed(KK_BASE)), flatten(parsed(theirs)), flatten(parsed(ours)))
    assert result.provisions is None
    assert [(c.eid, c.theirs.text, c.ours.text) for c in result.conflicts] == [
        (
            "art_1__para_2",
            "Өтініш бес жұмыс күні ішінде қаралады.",
            "Өтініш он бес жұмыс күні ішінде қаралады.",
        )
    ]


@pytest.mark.parametrize("path", SAMPLE_ACTS, ids=[path.stem for path in SAMPLE_ACTS])
def test_sample_acts_round_trip(path: Path) -> None:
    act = parse(path.read_text(encoding="utf-8").split("\n---\n", 1)[1]).provisions
    flat = flatten(act)
    assert build_tree(flat) == act
    assert compare(flat, flat) == []
    assert merge(flat, flat, flat).provisions == act
    # Rewording the last provision with text of its own is one change, whatever the act.
    edited_act = copy.deepcopy(act)
    last = [p for top in edited_act for p in top.walk() if p.text][-1]
    last.text += " (amended)"
    [change] = compare(flat, flatten(edited_act))
    assert (change.eid, change.change, change.diff[-1]) == (
        last.eid,
        "changed",
        ("insert", " (amended)"),
    )
