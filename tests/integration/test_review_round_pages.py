"""The round pages, My work and notifications, through the browser's forms (CSRF and all).

Data is made through the services, as the people would make it; every change under test goes
through the HTML forms. A refused or bad request must leave the database as it was.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from alatau_legal.committee.business_days import add_business_days, business_days_between
from alatau_legal.extensions import db
from alatau_legal.notifications import services as notifications
from alatau_legal.notifications.models import Notification
from alatau_legal.review import services as review
from alatau_legal.review.models import Assignment, Opinion, ReviewRound
from alatau_legal.timeutil import utcnow
from tests.support.builders import csrf_token, login, make_act, make_user
from tests.support.pages import speaking

TODAY = utcnow().date()
DUE = add_business_days(TODAY, 10)  # a business day: other dates are flagged
ROLES = ["admin", "drafter", "domestic_expert", "international_expert", "secretary",
         "committee_member"]  # fmt: skip


def username(role: str) -> str:
    return role.replace("_", "-")


@pytest.fixture
def people(app):
    users = {role: make_user(role) for role in ROLES}
    users["second_expert"] = make_user("domestic_expert", "domestic-expert-2")
    return users


@pytest.fixture
def act(people):
    return make_act(people["drafter"])


def plan(people, act, reviewers=("domestic-expert",), stage="domestic", due=DUE) -> ReviewRound:
    review_round = review.plan_round(
        people["secretary"], act.id, stage=stage, reviewers=list(reviewers), due=due
    )
    db.session.commit()
    return review_round


def open_round(people, act, reviewers=("domestic-expert",)) -> ReviewRound:
    review_round = plan(people, act, reviewers)
    review.transition(people["drafter"], act.id, "submit_domestic_review")
    db.session.commit()
    return review_round


def sign_in(client, name: str) -> None:
    """Sign in as `name`, signing out whoever was signed in first."""
    if client.get("/login").status_code == 302:
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/my-work").text)})
    response = login(client, name)
    assert response.status_code == 302, f"could not sign in as {name}"


def round_url(act, review_round, tail: str = "") -> str:
    return f"/acts/{act.number}/rounds/{review_round.id}{tail}"


def text_of(response) -> str:
    """The page's words as a person reads them: no tags, entities resolved, spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", response.text.split("<body>", 1)[-1])
    return re.sub(r"\s+", " ", unescape(words))


def post(client, page: str, action: str, data: dict):
    """Open `page`, then post `data` with that page's CSRF token to `action`."""
    token = csrf_token(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


# ---------------------------------------------------------------------------------------------
# Planning a round


def test_secretary_plans_a_round_with_per_reviewer_due_dates(client, people, act):
    sign_in(client, "secretary")
    page = client.get(f"/acts/{act.number}/rounds/new")
    assert page.status_code == 200
    # Only experts of the stage's kind are offered; the due date defaults to the stage's length.
    assert 'value="domestic-expert"' in page.text
    assert 'value="international-expert"' not in page.text
    assert f'value="{add_business_days(TODAY, 10).isoformat()}"' in page.text
    other = client.get(f"/acts/{act.number}/rounds/new?stage=international").text
    assert 'value="international-expert"' in other and 'value="domestic-expert"' not in other
    assert f'value="{add_business_days(TODAY, 15).isoformat()}"' in other
    early = TODAY + timedelta(days=5)
    response = post(
        client,
        f"/acts/{act.number}/rounds/new",
        f"/acts/{act.number}/rounds/new",
        {
            "stage": "domestic",
            "reviewers": ["domestic-expert", "domestic-expert-2"],
            "due": DUE.isoformat(),
            "due_for_domestic-expert-2": early.isoformat(),
        },
    )
    review_round = db.session.scalar(select(ReviewRound))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(round_url(act, review_round))
    dues = {a.reviewer.username: a.due for a in review_round.assignments}
    assert dues == {"domestic-expert": DUE, "domestic-expert-2": early}
    assert notifications.unread_count(people["second_expert"]) == 1

    shown = text_of(client.get(round_url(act, review_round)))
    assert "Domestic review round" in shown and "Planned" in shown
    assert "Set when the act is submitted for domestic review" in shown
    assert "Test Secretary" in shown  # who planned it


YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
# As an English message names a date: its long form.
_DAY_BEFORE = TODAY - timedelta(days=1)
YESTERDAY_LONG = f"{_DAY_BEFORE:%B} {_DAY_BEFORE.day}, {_DAY_BEFORE.year}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"due": "2026-13-45"}, "Not a valid date value", id="bad-date"),
        pytest.param({"due": ""}, "Set a due date for the round.", id="no-date"),
        pytest.param(
            {"due": YESTERDAY}, f"The due date {YESTERDAY_LONG} is in the past.", id="past"
        ),
        pytest.param(
            {"due_for_domestic-expert": YESTERDAY},
            f"The due date {YESTERDAY_LONG} is in the past.",
            id="reviewer-due-past",
        ),
        pytest.param(
            {"reviewers": ["nobody"]}, "'nobody' is not an active user", id="unknown-reviewer"
        ),
        pytest.param(
            {"reviewers": ["international-expert"]},
            "international-expert is not a domestic expert",
            id="wrong-role-reviewer",
        ),
        pytest.param({"reviewers": []}, "Invite at least one reviewer.", id="no-reviewer"),
        pytest.param({"stage": "federal"}, "Stage must be one of", id="bad-stage"),
        pytest.param(
            {"due_for_domestic-expert-2": DUE.isoformat()},
            "Due dates are given for people not invited: domestic-expert-2.",
            id="due-for-someone-not-invited",
        ),
    ],
)
def test_planning_errors_are_shown_and_nothing_is_saved(client, people, act, data, message):
    sign_in(client, "secretary")
    form = {"stage": "domestic", "reviewers": ["domestic-expert"], "due": DUE.isoformat()}
    response = post(
        client, f"/acts/{act.number}/rounds/new", f"/acts/{act.number}/rounds/new",
        {**form, **data},
    )  # fmt: skip
    assert response.status_code == 200
    assert message in text_of(response)
    assert 'class="alert alert-error error-summary"' in response.text
    assert count(ReviewRound) == 0 and count(Assignment) == 0 and count(Notification) == 0


def test_a_due_date_on_a_weekend_is_flagged_until_kept(client, people, act):
    sign_in(client, "secretary")
    saturday = TODAY + timedelta(days=(5 - TODAY.weekday()) % 7 or 7)
    form = {"stage": "domestic", "reviewers": ["domestic-expert"], "due": saturday.isoformat()}
    url = f"/acts/{act.number}/rounds/new"
    flagged = post(client, url, url, form)
    assert flagged.status_code == 200 and "is a weekend day" in text_of(flagged)
    assert count(ReviewRound) == 0
    kept = post(client, url, url, {**form, "keep_off_days": "y"})
    assert kept.status_code == 302
    assert db.session.scalar(select(ReviewRound)).due == saturday


def _next_weekday(month: int, day: int):
    """The next such day after today that falls on a weekday."""
    year = TODAY.year
    while (found := TODAY.replace(year=year, month=month, day=day)) <= TODAY or found.weekday() > 4:
        year += 1
    return found


@pytest.mark.parametrize(
    ("language", "named"),
    [
        ("en", "is a public holiday in Kazakhstan (Independence Day)"),
        ("ru", "праздничный день в Казахстане (День Независимости)"),
        ("kk", "(Тәуелсіздік күні)"),
    ],
)
def test_a_public_holiday_is_flagged_by_its_name_in_the_reader_s_language(
    app, people, act, language, named
):
    client = speaking(people["secretary"], language)
    holiday = _next_weekday(12, 16)  # Independence Day
    form = {"stage": "domestic", "reviewers": ["domestic-expert"], "due": holiday.isoformat()}
    url = f"/acts/{act.number}/rounds/new"
    flagged = post(client, url, url, form)
    assert flagged.status_code == 200 and named in text_of(flagged)
    if language != "en":
        assert "Independence Day" not in text_of(flagged)
    assert count(ReviewRound) == 0


def test_holiday_names_in_every_language(app):
    from datetime import date

    from flask_babel import force_locale

    from alatau_legal.committee.business_days import holiday_label

    with force_locale("ru"):
        assert holiday_label(date(2027, 1, 4)) == "Новый год (перенесённый выходной)"
        assert holiday_label(date(2025, 1, 3)) == (
            "Выходной день (перенесён с 5 января 2025\u202fг.)"
        )
        assert holiday_label(date(2027, 1, 5)) is None
    with force_locale("kk"):
        assert holiday_label(date(2027, 3, 22)) == "Наурыз мейрамы"
    with force_locale("en"):
        assert holiday_label(date(2027, 3, 22)) == "Nowruz Holiday"


def test_a_second_planned_round_is_refused_on_the_form(client, people, act):
    plan(people, act)
    sign_in(client, "secretary")
    response = post(
        client, f"/acts/{act.number}/rounds/new", f"/acts/{act.number}/rounds/new",
        {"stage": "domestic", "reviewers": ["domestic-expert-2"], "due": DUE.isoformat()},
    )  # fmt: skip
    assert response.status_code == 200
    assert "already has a planned round" in text_of(response)
    assert count(ReviewRound) == 1


@pytest.mark.parametrize("role", [r for r in ROLES if r != "secretary"])
def test_only_the_secretary_plans_rounds(client, people, act, role):
    sign_in(client, username(role))
    assert client.get(f"/acts/{act.number}/rounds/new").status_code == 403
    response = post(
        client, "/my-work", f"/acts/{act.number}/rounds/new",
        {"stage": "domestic", "reviewers": ["domestic-expert"], "due": DUE.isoformat()},
    )  # fmt: skip
    assert response.status_code == 403
    assert count(ReviewRound) == 0


# ---------------------------------------------------------------------------------------------
# The round page: who sees it, and the secretary's forms


def test_a_round_is_found_only_under_its_own_act(client, people, act):
    other_act = make_act(people["drafter"], title="Rules on residence permits")
    other_round = plan(people, other_act)
    sign_in(client, "secretary")
    assert client.get(round_url(other_act, other_round)).status_code == 200
    # Another act's round id under this act's number: as if it did not exist.
    assert client.get(round_url(act, other_round)).status_code == 404
    assert client.get(round_url(act, other_round, "/comments")).status_code == 404
    response = post(
        client, round_url(other_act, other_round), round_url(act, other_round, "/due"),
        {"reviewer": "domestic-expert", "due": (DUE + timedelta(days=3)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 404
    assert fresh(other_round.assignments[0]).due == DUE
    assert client.get(f"/acts/{act.number}/rounds/999999").status_code == 404


def test_an_expert_not_invited_gets_404(client, people, act):
    review_round = plan(people, act)  # the act is still in drafting: domestic experts read it
    sign_in(client, "domestic-expert-2")
    assert client.get(f"/acts/{act.number}").status_code == 200
    assert client.get(round_url(act, review_round)).status_code == 404
    assert client.get(round_url(act, review_round, "/comments")).status_code == 404
    sign_in(client, "domestic-expert")
    assert client.get(round_url(act, review_round)).status_code == 200


def test_secretary_changes_a_due_date(client, people, act):
    review_round = plan(people, act)
    sign_in(client, "secretary")
    later = DUE + timedelta(days=7)
    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/due"),
        {"reviewer": "domestic-expert", "due": later.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    assert fresh(review_round.assignments[0]).due == later

    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/due"),
        {"reviewer": "domestic-expert", "due": YESTERDAY},
    )  # fmt: skip
    assert response.status_code == 200
    page = text_of(response)
    assert f"The due date {YESTERDAY_LONG} is in the past." in page
    assert fresh(review_round.assignments[0]).due == later
    # The failed form is opened again in its row, with the message beside the field.
    assert re.search(r'<details class="row-form" open>\s*<summary>Change due date', response.text)


def test_secretary_invites_another_reviewer(client, people, act):
    review_round = plan(people, act)
    sign_in(client, "secretary")
    page = client.get(round_url(act, review_round))
    assert 'value="domestic-expert-2"' in page.text
    assert 'value="international-expert"' not in page.text  # not for a domestic round
    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/invite"),
        {"reviewer": "international-expert", "due": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "international-expert is not a domestic expert" in text_of(response)
    assert len(fresh(review_round).assignments) == 1

    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/invite"),
        {"reviewer": "domestic-expert-2", "due": ""},
    )  # fmt: skip
    assert response.status_code == 302
    added = {a.reviewer.username: a.due for a in fresh(review_round).assignments}
    assert added == {"domestic-expert": DUE, "domestic-expert-2": DUE}  # the round's date
    assert notifications.unread_count(people["second_expert"]) == 1


def test_secretary_waives_an_opinion_with_a_reason(client, people, act):
    review_round = plan(people, act)
    sign_in(client, "secretary")
    # Nothing to waive before the round opens: no form is offered.
    assert "Waive opinion" not in client.get(round_url(act, review_round)).text
    review.transition(people["drafter"], act.id, "submit_domestic_review")
    db.session.commit()

    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/waive"),
        {"reviewer": "domestic-expert", "reason": "  "},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Write the reason for the waiver." in text_of(response)
    assert fresh(review_round.assignments[0]).waived_at is None

    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/waive"),
        {"reviewer": "domestic-expert", "reason": "On leave until the committee meets."},
    )  # fmt: skip
    assert response.status_code == 302
    assignment = fresh(review_round.assignments[0])
    assert assignment.state == "waived"
    assert assignment.waiver_reason == "On leave until the committee meets."
    page = text_of(client.get(round_url(act, review_round)))
    assert "Waived" in page and "On leave until the committee meets." in page


@pytest.mark.parametrize("role", [r for r in ROLES if r != "secretary"])
@pytest.mark.parametrize(
    ("tail", "data"),
    [
        ("/due", {"reviewer": "domestic-expert", "due": (DUE + timedelta(days=1)).isoformat()}),
        ("/waive", {"reviewer": "domestic-expert", "reason": "Because."}),
        ("/invite", {"reviewer": "domestic-expert-2", "due": ""}),
    ],
)
def test_only_the_secretary_manages_a_round(client, people, act, role, tail, data):
    review_round = open_round(people, act)
    sign_in(client, username(role))
    response = post(client, "/my-work", round_url(act, review_round, tail), data)
    # Refused by role before the act is looked up, so even an expert who may not see the act
    # learns nothing from a 403.
    assert response.status_code == 403
    assignments = fresh(review_round).assignments
    assert [(a.reviewer.username, a.due, a.state) for a in assignments] == [
        ("domestic-expert", DUE, "pending")
    ]


# ---------------------------------------------------------------------------------------------
# Opinions


def test_a_draft_opinion_is_its_authors_alone_until_submitted(client, people, act):
    review_round = open_round(people, act, reviewers=("domestic-expert", "domestic-expert-2"))
    draft = "Article 2 needs a *definition* of investor. <script>alert(1)</script>"
    sign_in(client, "domestic-expert")
    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/opinion"),
        {"recommendation": "approve_with_changes", "text": draft, "action": "draft"},
    )  # fmt: skip
    assert response.status_code == 302
    opinion = db.session.scalar(select(Opinion))
    assert opinion.submitted_at is None and opinion.text == draft
    own = client.get(round_url(act, review_round))
    assert "Article 2 needs a *definition*" in unescape(own.text)  # back in the textarea
    assert "<script>alert(1)</script>" not in own.text

    for reader in ("domestic-expert-2", "secretary", "drafter"):
        sign_in(client, reader)
        page = client.get(round_url(act, review_round))
        assert page.status_code == 200
        assert "definition" not in page.text, reader
        assert "Pending" in text_of(page)

    sign_in(client, "domestic-expert")
    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/opinion"),
        {"recommendation": "approve_with_changes", "text": draft, "action": "submit"},
    )  # fmt: skip
    assert response.status_code == 302
    assert fresh(opinion).submitted_at is not None
    own = client.get(round_url(act, review_round))
    assert 'name="action"' not in own.text  # read-only once submitted
    assert "it is final" in text_of(own)

    for reader in ("domestic-expert-2", "secretary"):
        sign_in(client, reader)
        page = client.get(round_url(act, review_round))
        assert "<em>definition</em>" in page.text, reader  # rendered Markdown
        assert "<script>alert" not in page.text, reader  # escaped, never run
        assert "Approve with changes" in text_of(page)


def test_a_submitted_opinion_cannot_be_changed(client, people, act):
    review_round = open_round(people, act)
    review.save_opinion(people["domestic_expert"], review_round.id, recommendation="approve",
                        text="Fine as it is.")  # fmt: skip
    db.session.commit()
    sign_in(client, "domestic-expert")
    response = post(
        client, f"/acts/{act.number}", round_url(act, review_round, "/opinion"),
        {"recommendation": "do_not_approve", "text": "Changed my mind.", "action": "submit"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "You have submitted your opinion in this round already." in text_of(response)
    assert fresh(db.session.scalar(select(Opinion))).text == "Fine as it is."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Fine."}, "Choose a recommendation."),
        ({"recommendation": "approve", "text": "   "}, "Write the opinion."),
        ({"recommendation": "maybe", "text": "Fine."}, "Recommendation must be one of"),
        ({"recommendation": "approve", "text": "x" * 50_001}, "at most 50,000 characters"),
    ],
)
def test_opinion_errors_keep_the_text_and_save_nothing(client, people, act, data, message):
    review_round = open_round(people, act)
    sign_in(client, "domestic-expert")
    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/opinion"),
        {**data, "action": "submit"},
    )  # fmt: skip
    assert response.status_code == 200
    assert message in text_of(response)
    if data["text"].strip() and len(data["text"]) < 100:
        assert data["text"] in response.text  # not lost
    assert count(Opinion) == 0


def test_no_opinion_before_the_round_opens(client, people, act):
    review_round = plan(people, act)
    sign_in(client, "domestic-expert")
    page = text_of(client.get(round_url(act, review_round)))
    assert "once the act is submitted for domestic review" in page
    response = post(
        client, round_url(act, review_round), round_url(act, review_round, "/opinion"),
        {"recommendation": "approve", "text": "Early.", "action": "draft"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The round is planned; opinions are given while it is open." in text_of(response)
    assert count(Opinion) == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("secretary", 403), ("drafter", 403), ("committee_member", 403), ("admin", 403),
     ("international_expert", 404)],
)  # fmt: skip
def test_only_an_invited_reviewer_gives_an_opinion(client, people, act, role, status):
    review_round = open_round(people, act)
    sign_in(client, username(role))
    response = post(
        client, "/my-work", round_url(act, review_round, "/opinion"),
        {"recommendation": "approve", "text": "Not mine to give.", "action": "submit"},
    )  # fmt: skip
    assert response.status_code == status
    assert count(Opinion) == 0


def test_a_form_without_its_csrf_token_is_refused(client, people, act):
    review_round = open_round(people, act)
    sign_in(client, "domestic-expert")
    response = client.post(
        round_url(act, review_round, "/opinion"),
        data={"recommendation": "approve", "text": "No token.", "action": "submit"},
    )
    assert response.status_code == 400
    assert count(Opinion) == 0
    sign_in(client, "secretary")
    response = client.post(
        f"/acts/{act.number}/rounds/new",
        data={"stage": "international", "reviewers": ["international-expert"], "due": DUE},
    )
    assert response.status_code == 400
    assert count(ReviewRound) == 1


# ---------------------------------------------------------------------------------------------
# The round's comments


@pytest.fixture
def commented(people, act):
    """An open round with three comments by two reviewers; one accepted, one rejected."""
    review_round = open_round(people, act, reviewers=("domestic-expert", "domestic-expert-2"))
    first, second = people["domestic_expert"], people["second_expert"]
    on_para = review.add_comment(
        first,
        act.id,
        version=1,
        eid="art_1__para_1",
        body="Say *which* investors.",
        quote="investment preferences",
    )
    on_art = review.add_comment(first, act.id, version=1, eid="art_2", body="Define <b>terms</b>.")
    open_one = review.add_comment(second, act.id, version=1, eid="art_3__para_2",
                                  body="Ten business days is short.")  # fmt: skip
    db.session.commit()
    review.dispose(people["drafter"], on_para.id, disposition="accepted", reason="Clarified.")
    review.dispose(people["drafter"], on_art.id, disposition="rejected", reason="Defined in law.")
    db.session.commit()
    return {"round": review_round, "ids": (on_para.id, on_art.id, open_one.id)}


def comment_rows(response) -> list[str]:
    """The eIds of the table's rows, in order."""
    return re.findall(r'<th scope="row" class="nowrap">\s*<a href="[^"]*#([a-z0-9_]+)"',
                      response.text)  # fmt: skip


def test_the_round_comments_table(client, people, act, commented):
    sign_in(client, "secretary")
    url = round_url(act, commented["round"], "/comments")
    response = client.get(url)
    assert response.status_code == 200
    assert comment_rows(response) == ["art_1__para_1", "art_2", "art_3__para_2"]
    page = text_of(response)
    for words in ("Clarified.", "Defined in law.", "“investment preferences”", "Accepted",
                  "Rejected", "No answer yet", "Test Domestic expert"):  # fmt: skip
        assert words in page or words.strip("“”") in page, words
    assert f'href="/acts/{act.number}/v/1#art_1__para_1"' in response.text
    assert "<em>which</em>" in response.text and "<b>terms</b>" not in response.text
    # Counts per disposition, whatever the filters.
    counts = re.findall(
        r'<li class="count-(\w+)"><a [^>]*>[^<]*<strong>(\d+)</strong>', response.text
    )
    assert dict(counts) == {
        "none": "1", "accepted": "1", "partly_accepted": "0", "rejected": "1", "noted": "0"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "eids"),
    [
        ("disposition=accepted", ["art_1__para_1"]),
        ("disposition=none", ["art_3__para_2"]),
        ("status=open", ["art_3__para_2"]),
        ("status=answered", ["art_1__para_1", "art_2"]),
        ("status=outdated", []),
        ("status=current", ["art_1__para_1", "art_2", "art_3__para_2"]),
        ("eid=art_2", ["art_2"]),
        ("author=domestic-expert-2", ["art_3__para_2"]),
        ("author=domestic-expert&disposition=rejected", ["art_2"]),
        ("disposition=noted", []),
    ],
)
def test_round_comment_filters(client, people, act, commented, query, eids):
    sign_in(client, "drafter")
    response = client.get(round_url(act, commented["round"], f"/comments?{query}"))
    assert response.status_code == 200
    assert comment_rows(response) == eids
    if not eids:
        assert "No comment matches these filters" in response.text


@pytest.mark.parametrize(
    ("language", "statuses"),
    [
        ("ru", ["Любой статус", "Открыто", "Есть ответ", "Устарело", "Актуально"]),
        ("kk", ["Ашық"]),
    ],
)
def test_the_status_filter_reads_as_a_comments_status(app, people, act, commented, language,
                                                      statuses):  # fmt: skip
    client = speaking(people["drafter"], language)
    response = client.get(round_url(act, commented["round"], "/comments?status=open"))
    select = response.text.split('name="status"')[1].split("</select>")[0]
    options = [unescape(o).strip() for o in re.findall(r"<option[^>]*>([^<]*)</option>", select)]
    assert all(status in options for status in statuses), options
    assert "Открыт" not in options  # a round's status, not a comment's
    assert comment_rows(response) == ["art_3__para_2"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "disposition=maybe",
            "Disposition: “maybe” is not a disposition; one of: none, accepted, "
            "partly_accepted, rejected, noted.",
        ),
        (
            "status=closed",
            "Status: “closed” is not a status; one of: open, answered, outdated, current.",
        ),
        ("eid=Article%201!", "Provision: No comment of this round is on that provision."),
        ("author=nobody", "Author: No comment of this round is by “nobody”."),
        ("author=%3Cscript%3Ex", "Author: No comment of this round is by “<script>x”."),
    ],
)
def test_bad_filter_values_answer_with_a_message(client, people, act, commented, query, message):
    sign_in(client, "secretary")
    response = client.get(round_url(act, commented["round"], f"/comments?{query}"))
    assert response.status_code == 400
    assert message in text_of(response)
    assert comment_rows(response) == []
    assert "<script>x" not in response.text  # the value is shown escaped


def test_an_invited_expert_sees_the_comments_of_their_round(client, people, act, commented):
    sign_in(client, "domestic-expert-2")
    response = client.get(round_url(act, commented["round"], "/comments"))
    assert response.status_code == 200
    assert len(comment_rows(response)) == 3


# ---------------------------------------------------------------------------------------------
# My work


def test_my_work_for_each_role(client, people, act, commented):
    other_act = make_act(people["drafter"], title="Rules on residence permits")
    soon = plan(people, other_act, reviewers=("domestic-expert",), due=TODAY + timedelta(days=2))

    sign_in(client, "domestic-expert")
    page = client.get("/my-work")
    assert page.status_code == 200
    shown = text_of(page)
    assert "Your reviews" in shown and "2 reviews in planned or open rounds" in shown
    assert f'href="{round_url(other_act, soon)}"' in page.text
    assert f'href="{round_url(act, commented["round"])}"' in page.text
    # Counted in business days, and said so.
    for due in (TODAY + timedelta(days=2), DUE):
        left = business_days_between(TODAY, due)
        assert {0: "Due today", 1: "1 business day left"}.get(
            left, f"{left} business days left"
        ) in shown
    assert "invited you to the review (Domestic)" in shown  # an unread notification
    assert "Comments awaiting your answer" not in shown

    sign_in(client, "drafter")
    shown = text_of(client.get("/my-work"))
    assert "Comments awaiting your answer" in shown
    assert "1 comment without a disposition" in shown and "Ten business days is short." in shown
    assert "Your reviews" not in shown

    sign_in(client, "secretary")
    page = client.get("/my-work")
    shown = text_of(page)
    assert "Planned and open review rounds" in shown and "2 rounds" in shown
    assert "2 of 2" in shown and "1 of 1" in shown  # opinions pending

    sign_in(client, "committee-member")
    shown = text_of(client.get("/my-work"))
    assert "You have no unread notifications." in shown
    assert "Your reviews" not in shown and "Planned and open" not in shown


def test_my_work_is_in_everyones_navigation(client, people):
    for role in ROLES:
        sign_in(client, username(role))
        page = client.get("/acts")
        assert re.search(r'<a href="/my-work"\s*>My work</a>', page.text), role


# ---------------------------------------------------------------------------------------------
# Notifications


def test_notifications_are_listed_counted_and_marked_read(client, people, act):
    review_round = plan(people, act)
    sign_in(client, "domestic-expert")
    page = client.get("/acts")
    header = re.search(r'<a class="notifications-link"[^>]*>(.*?)</a>', page.text, re.S)
    assert re.sub(r"<[^>]+>", "", header.group(1)) == "Notifications, 1 unread"

    page = client.get("/notifications")
    assert page.status_code == 200
    shown = text_of(page)
    assert "1 unread." in shown and "New" in shown
    assert "invited you to the review (Domestic) of " + act.number in shown
    notification = db.session.scalar(select(Notification))
    # Opening it marks it read on the way to the round.
    target = round_url(act, review_round)
    response = client.post(
        "/notifications/read",
        data={"csrf_token": csrf_token(page.text), "notification": notification.id,
              "next": target},
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith(target)
    assert fresh(notification).read_at is not None
    assert "notifications-count" not in client.get("/acts").text


def test_mark_all_read_touches_only_ones_own(client, people, act):
    plan(people, act, reviewers=("domestic-expert", "domestic-expert-2"))
    sign_in(client, "domestic-expert")
    page = client.get("/notifications")
    response = client.post("/notifications/read", data={"csrf_token": csrf_token(page.text)},
                           headers={"Referer": "http://localhost/my-work"})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith("/my-work")
    assert notifications.unread_count(people["domestic_expert"]) == 0
    assert notifications.unread_count(people["second_expert"]) == 1

    # Another user's notification id changes nothing and tells nothing.
    theirs = db.session.scalar(
        select(Notification).where(Notification.user_id == people["second_expert"].id)
    )
    response = client.post(
        "/notifications/read",
        data={"csrf_token": csrf_token(page.text), "notification": theirs.id},
    )
    assert response.status_code == 302
    assert fresh(theirs).read_at is None


def test_mark_read_refuses_bad_input_and_foreign_redirects(client, people, act):
    plan(people, act)
    sign_in(client, "domestic-expert")
    token = csrf_token(client.get("/notifications").text)
    assert client.post("/notifications/read", data={}).status_code == 400  # no CSRF token
    assert notifications.unread_count(people["domestic_expert"]) == 1

    response = client.post("/notifications/read", data={"csrf_token": token, "notification": "x"},
                           follow_redirects=True)  # fmt: skip
    assert "could not be marked read" in text_of(response)
    assert notifications.unread_count(people["domestic_expert"]) == 1

    response = client.post(
        "/notifications/read",
        data={"csrf_token": token, "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/notifications")
    assert notifications.unread_count(people["domestic_expert"]) == 0


def test_notifications_paginate_and_filter(client, people):
    user = people["domestic_expert"]
    for n in range(30):
        notifications.notify(user, "invited", f"Message number {n}", "acts.index")
    db.session.commit()
    sign_in(client, "domestic-expert")
    first = text_of(client.get("/notifications"))
    assert "Message number 29" in first and "Message number 4 " not in first
    assert "30 notifications, page 1 of 2" in first
    second = text_of(client.get("/notifications?page=2"))
    assert "Message number 4 " in second and "Message number 29" not in second
    notifications.mark_read(user)
    db.session.commit()
    assert "Nothing unread" in text_of(client.get("/notifications?show=unread"))

    assert client.get("/notifications?show=everything").status_code == 400
    response = client.get("/notifications?per_page=abc")
    assert response.status_code == 400 and "per_page must be a whole number." in response.text


def test_a_notification_whose_page_is_gone_still_reads(client, people):
    notifications.notify(people["drafter"], "invited", "About a page that is gone", "no.such")
    db.session.commit()
    sign_in(client, "drafter")
    page = client.get("/notifications")
    assert page.status_code == 200
    assert "About a page that is gone" in page.text


# ---------------------------------------------------------------------------------------------
# Who reaches which page: every role against an independent expectation table


STAFF = {"admin", "drafter", "secretary", "committee_member"}
EVERYONE = set(ROLES)
SECRETARY = {"secretary"}
INVITED = {"domestic_expert"}

# (method, path, roles that succeed, success status, refused status for the others)
# The world: an act in domestic review whose open round invites the domestic expert only.
# The international expert may not see the act at all: 404 wherever the act is named.
ROUTES = [
    ("GET", "/my-work", EVERYONE, 200, None),
    ("GET", "/notifications", EVERYONE, 200, None),
    ("GET", "/acts/{number}/rounds/new", SECRETARY, 200, 403),
    ("GET", "/acts/{number}/rounds/{round}", STAFF | INVITED, 200, 404),
    ("GET", "/acts/{number}/rounds/{round}/comments", STAFF | INVITED, 200, 404),
    # A role that may never manage rounds is refused before the act is even looked up.
    ("POST", "/acts/{number}/rounds/{round}/due", SECRETARY, 302, 403),
    ("POST", "/acts/{number}/rounds/{round}/waive", SECRETARY, 302, 403),
    ("POST", "/acts/{number}/rounds/{round}/invite", SECRETARY, 302, 403),
    ("POST", "/acts/{number}/rounds/{round}/opinion", INVITED, 302,
     {"international_expert": 404, None: 403}),
    ("POST", "/notifications/read", EVERYONE, 302, None),
]  # fmt: skip

POST_DATA = {
    "due": {"reviewer": "domestic-expert", "due": (DUE + timedelta(days=1)).isoformat()},
    "waive": {"reviewer": "domestic-expert", "reason": "On leave."},
    "invite": {"reviewer": "domestic-expert-2", "due": ""},
    "opinion": {"recommendation": "approve", "text": "Fine.", "action": "submit"},
    "read": {},
}


def refusal(refused, role: str) -> int:
    if isinstance(refused, dict):
        return refused.get(role, refused[None])
    return refused


def _matrix():
    for method, path, allowed, success, refused in ROUTES:
        for role in ROLES:
            status = success if role in allowed else refusal(refused, role)
            yield pytest.param(method, path, role, status, id=f"{role}-{method}-{path}")


@pytest.fixture
def world(people, act):
    return {"act": act, "round": open_round(people, act)}


@pytest.mark.parametrize(("method", "path", "role", "status"), list(_matrix()))
def test_route_by_role(client, world, method, path, role, status):
    sign_in(client, username(role))
    url = path.format(number=world["act"].number, round=world["round"].id)
    if method == "GET":
        response = client.get(url)
    else:
        data = POST_DATA[url.rsplit("/", 1)[1]]
        response = post(client, "/my-work", url, data)
    assert response.status_code == status, text_of(response)[:500]


@pytest.mark.parametrize("route", [pytest.param(r, id=f"{r[0]}-{r[1]}") for r in ROUTES])
def test_route_sends_anonymous_to_login(client, world, route):
    method, path, *_ = route
    url = path.format(number=world["act"].number, round=world["round"].id)
    # A POST carries a valid token of the anonymous session, so only the sign-in check refuses.
    data = {"csrf_token": csrf_token(client.get("/login").text)} if method == "POST" else None
    response = client.open(url, method=method, data=data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
