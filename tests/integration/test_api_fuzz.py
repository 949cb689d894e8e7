"""Every API operation fuzzed from the OpenAPI document, once per role, through the app in-process.

For each role, with acts in several workflow states, a round, a comment and a meeting in the
database, schemathesis generates a few requests per operation (valid data aimed at existing
objects, valid data with generated ids, and invalid data) and each answer must be no 5xx, a
documented status, of a documented content type, and match its documented schema.
"""

from __future__ import annotations

import os
import random
from datetime import date, timedelta

import pytest
import schemathesis
from flask import g
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from alatau_legal.accounts.models import Role
from alatau_legal.acts.models import ActStatus
from alatau_legal.api.openapi import build_document
from alatau_legal.committee import services as committee
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from tests.support.builders import api_token
from tests.support.workflow_states import Cast, drive, move

# Bounded so that the six roles run in well under a minute; FUZZ_CASES=40 digs deeper.
CASES_PER_OPERATION = int(os.environ.get("FUZZ_CASES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# What Flask-Login and Flask-WTF cache in `g`; the test keeps one app context open, so these
# would leak from one request into the next (see RequestIsolatingClient in conftest.py).
PER_REQUEST_G = ("_login_user", "csrf_token")


def build_world(cast: Cast) -> dict:
    """Acts in several states, a round with a comment, a meeting with an agenda item.

    Returns the path parameters the fuzzer aims at (ids of objects that exist).
    """
    drafting = drive(cast, ActStatus.DRAFTING)
    # In domestic review with the expert's opinion still to come, so the expert may comment.
    in_review = drive(cast, ActStatus.DRAFTING, ready_for=Action.SUBMIT_DOMESTIC_REVIEW)
    move(cast, in_review, Action.SUBMIT_DOMESTIC_REVIEW)
    in_committee = drive(cast, ActStatus.COMMITTEE_REVIEW)
    drive(cast, ActStatus.APPROVED)
    open_round = round_in(in_review, RoundStatus.OPEN)
    comment = review.add_comment(
        cast.domestic, in_review.id, version=1, eid="art_1", body="Too broad.", quote=None
    )
    db.session.commit()
    meeting = committee.create_meeting(
        cast.secretary, day=date.today() + timedelta(days=7), title="April meeting"
    )
    item = committee.add_agenda_item(cast.secretary, meeting.id, in_committee.id)
    db.session.commit()
    return {
        "act_id": st.sampled_from([drafting.id, in_review.id, in_committee.id]),
        "number": st.just(1),
        "eid": st.sampled_from(["art_1", "art_1__para_1", "chp_2"]),
        "round_id": st.just(open_round.id),
        "comment_id": st.just(comment.id),
        "meeting_id": st.just(meeting.id),
        "item_id": st.just(item.id),
        "username": st.sampled_from([cast.domestic.username, cast.international.username]),
    }


def strategy_for(operation, targets: dict):
    """Cases aimed at existing objects, cases with generated ids, and invalid cases."""
    names = [p["name"] for p in operation.definition.raw.get("parameters", []) if p["in"] == "path"]
    fixed = st.fixed_dictionaries({name: targets[name] for name in names})
    aimed = fixed.flatmap(lambda ids: operation.as_strategy(path_parameters=ids))
    strategies = [aimed, aimed, operation.as_strategy()]
    strategies.append(
        fixed.flatmap(
            lambda ids: operation.as_strategy(
                generation_mode=GenerationMode.NEGATIVE, path_parameters=ids
            )
        )
    )
    return st.one_of(strategies)


def fuzz_operation(operation, strategy, headers: dict) -> list[str]:
    """Run the bounded cases of one operation; the failures found, first of each kind."""
    failures: list[str] = []

    @settings(
        max_examples=CASES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        # Hypothesis seeds the global `random` alike for every example; Whoosh names its new
        # segments with it, so a second segment of the same name would break the search index.
        random.seed()
        for name in PER_REQUEST_G:
            g.pop(name, None)
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as failure:
            failures.append(f"{operation.label}: {failure}")

    run()
    return failures[:1]


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_fuzz_every_operation(app, client, role):
    cast = Cast.create()
    targets = build_world(cast)
    headers = api_token(client, cast[role].username)
    schema = schemathesis.openapi.from_dict(build_document())
    schema.app = app
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        failures += fuzz_operation(operation, strategy_for(operation, targets), headers)
    assert not failures, "\n\n".join(failures)
