"""The reason of a transition as a person reads it.

A transition taken by a decision of the Operational Committee keeps facts, not a sentence: the
audit entry's `committee` holds the decision (`approve` or `return`), the meeting and its day
(ISO), and `reason` holds the committee's notes as the secretary typed them. The sentence
("Approved by the Operational Committee on 8 December 2026.") is composed when it is read: in
the reader's language with that language's long date on pages (`shown`), in English with the
ISO date in the API (`english`, the sentence the API has always given).

Entries recorded before the facts were kept hold the English sentence itself ("Approved by the
Operational Committee on 2026-12-08. Unanimous."); `decision_of` reads the same facts out of it,
so old entries read like new ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext

from ..i18n import long_date

APPROVE, RETURN = "approve", "return"
# The transition each decision takes (review.workflow.Action's values).
TRANSITIONS = {APPROVE: "approve", RETURN: "return_to_drafting"}

# The sentence as committee.services.decide stored it before the facts were kept.
STORED_SENTENCE = re.compile(
    r"(?P<verb>Approved|Returned) by the Operational Committee on (?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:[.:] ?(?P<notes>.*))?",
    re.DOTALL,
)


@dataclass(frozen=True)
class CommitteeDecision:
    """The decision a transition was taken by, and the committee's notes."""

    decision: str  # APPROVE or RETURN
    day: date  # the meeting's
    notes: str
    meeting_id: int | None = None


def facts(decision: str, meeting_id: int, item_id: int, day: date) -> dict:
    """What the audit entry of a transition taken by a decision keeps under `committee`."""
    return {
        "decision": decision,
        "meeting_id": meeting_id,
        "item_id": item_id,
        "meeting_date": day.isoformat(),
    }


def decision_of(details: Mapping | None) -> CommitteeDecision | None:
    """The committee decision behind a transition's audit details, new or old; None when the
    transition was a person's."""
    details = details or {}
    reason = details.get("reason") or ""
    kept = details.get("committee")
    if isinstance(kept, Mapping) and kept.get("decision") in (APPROVE, RETURN):
        try:
            day = date.fromisoformat(kept.get("meeting_date") or "")
        except ValueError:
            return None
        return CommitteeDecision(kept["decision"], day, reason, kept.get("meeting_id"))
    stored = STORED_SENTENCE.fullmatch(reason)
    if stored is None:
        return None
    try:
        day = date.fromisoformat(stored["day"])
    except ValueError:
        return None
    decision = APPROVE if stored["verb"] == "Approved" else RETURN
    if details.get("transition") not in (None, TRANSITIONS[decision]):
        return None  # a person's reason that happens to read like the sentence
    return CommitteeDecision(decision, day, (stored["notes"] or "").strip())


def shown(details: Mapping | None) -> str:
    """The transition's reason in the reader's language: a committee decision's sentence with
    the long date of that language, then the notes as typed; a person's reason as written."""
    decision = decision_of(details)
    if decision is None:
        return (details or {}).get("reason") or ""
    day = long_date(decision.day)
    if decision.decision == APPROVE:
        sentence = gettext("Approved by the Operational Committee on %(date)s.", date=day)
        sentence = f"{sentence} {decision.notes}"
    elif decision.notes:
        sentence = gettext(
            "Returned by the Operational Committee on %(date)s: %(notes)s",
            date=day,
            notes=decision.notes,
        )
    else:
        sentence = gettext("Returned by the Operational Committee on %(date)s.", date=day)
    if day.endswith("."):  # "5 марта 2026 г." ends the sentence with its own full stop
        sentence = sentence.replace(f"{day}.", day, 1)
    return sentence.strip()


def english(details: Mapping | None) -> str | None:
    """The transition's reason as the API gives it: English, the date in ISO form."""
    decision = decision_of(details)
    if decision is None:
        return (details or {}).get("reason")
    day = decision.day.isoformat()
    if decision.decision == APPROVE:
        return f"Approved by the Operational Committee on {day}. {decision.notes}".strip()
    if decision.notes:
        return f"Returned by the Operational Committee on {day}: {decision.notes}"
    return f"Returned by the Operational Committee on {day}."
