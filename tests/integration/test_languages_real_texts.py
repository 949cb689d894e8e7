"""Real material: the official Russian and Kazakh texts of the Constitution of 2026 (from the
public mirror of Kazakhstan's legal texts) load as two languages of one act, aligned provision
by provision under the same eIds."""

from __future__ import annotations

import pytest

from alatau_legal.acts import languages as act_languages
from alatau_legal.acts import services as acts
from alatau_legal.acts.text import label_for_eid
from alatau_legal.extensions import db
from tests.support.builders import make_act, make_user
from tests.support.real_acts import FIXTURES, real_text

RUSSIAN = real_text("constitution-2026-rus")
KAZAKH = real_text("constitution-2026-kaz")


def test_the_russian_and_kazakh_constitution_align_with_nothing_missing_or_extra(app):
    drafter = make_user("drafter")
    act = make_act(
        drafter, text=RUSSIAN, language="ru", act_type="constitutional_law",
        title="Конституция Республики Казахстан",
    )  # fmt: skip
    act_languages.set_languages(drafter, act, ["ru", "kk"])
    acts.save_version(
        drafter, act.id, base_version=1, text=KAZAKH, language="kk",
        note="Официальный текст на казахском языке", max_chars=2_000_000,
    )  # fmt: skip
    db.session.commit()

    result = acts.alignment(drafter, act)
    kazakh = result.languages["kk"]
    assert kazakh.missing == [] and kazakh.extra == [] and kazakh.outdated == []
    assert result.complete
    ru = acts.current_version(drafter, act, "ru").flat
    kk = acts.current_version(drafter, act, "kk").flat
    assert [row.eid for row in ru] == [row.eid for row in kk]
    assert kazakh.aligned == len(ru) > 60
    # Sections numbered I and II (the Kazakh text writes the Cyrillic letter І) and articles
    # written "Статья 5" / "5-бап" are the same provisions.
    by_eid = {row.eid: row for row in kk}
    assert by_eid["sec_1"].heading == "Конституциялық құрылыс негіздері"
    assert by_eid["art_5__para_6"].text.startswith(
        "Қазақстан Республикасының жекелеген өңірлерінің"
    )
    assert {row.eid: row.kind for row in ru} == {row.eid: row.kind for row in kk}
    # Each names the provision in its own language.
    assert label_for_eid("art_5__para_6", by_eid, "kk") == "5-баптың 6-тармағы"
    assert label_for_eid("art_5__para_6", {r.eid: r for r in ru}, "ru") == "Пункт 6 статьи 5"


PAIRS = sorted(path.name.removesuffix(".ru.txt") for path in FIXTURES.glob("*.ru.txt"))


@pytest.mark.parametrize("name", PAIRS)
def test_each_real_pair_loads_as_two_languages_of_one_act_with_every_eid_aligned(app, name):
    """The Russian and Kazakh excerpts of real laws (tests/fixtures/real_acts/*.ru.txt and
    *.kk.txt): zero missing, zero extra, zero outdated."""
    russian = (FIXTURES / f"{name}.ru.txt").read_text(encoding="utf-8")
    kazakh = (FIXTURES / f"{name}.kk.txt").read_text(encoding="utf-8")
    drafter = make_user("drafter")
    act = make_act(drafter, text=russian, language="ru", act_type="law", title=name)
    act_languages.set_languages(drafter, act, ["ru", "kk"])
    acts.save_version(
        drafter, act.id, base_version=1, text=kazakh, language="kk", note="kk",
        max_chars=2_000_000,
    )  # fmt: skip
    db.session.commit()
    result = acts.alignment(drafter, act)
    kk = result.languages["kk"]
    assert (kk.missing, kk.extra, kk.outdated) == ([], [], [])
    assert kk.aligned == len(acts.current_version(drafter, act, "ru").flat) > 5
    assert result.complete
