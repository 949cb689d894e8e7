"""Search: `GET /search` and `GET /acts/{id}/occurrences` (API.md, Search)."""

from __future__ import annotations

from typing import Literal

from flask import url_for
from pydantic import ConfigDict, Field

from ..accounts.models import Language
from ..acts import services as acts
from ..acts.models import ActStatus, ActType
from ..review.models import Stage
from ..search import services as search
from ..search.query import MAX_QUERY_CHARS
from ..search.services import KINDS, MAX_PAGE, VERSION_SCOPES
from . import api_user
from .contract import Answer, operation
from .parsing import NOT_BLANK, Query, QueryInt, query_number

SearchKind = Literal[KINDS]  # type: ignore[valid-type]


class SearchQuery(Query):
    q: str = Field(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        pattern=NOT_BLANK,
        description='Words, "phrases", prefix*, AND/OR/NOT; a query that cannot be parsed is a '
        "400.",
    )
    act: QueryInt | None = Field(default=None, description="Only this act (id).")
    act_type: ActType | None = Field(default=None, description="Only acts of this type.")
    status: ActStatus | None = Field(default=None, description="Only acts in this status.")
    stage: Stage | None = Field(default=None, description="Reviewed at this stage.")
    lang: Language | None = Field(
        default=None,
        description="Only text in this language (the language of the text that matched, not "
        "the act's drafting language).",
    )
    versions: Literal[VERSION_SCOPES] = Field(  # type: ignore[valid-type]
        default="latest", description="latest (default) or all versions."
    )
    kind: SearchKind | None = Field(default=None, description="Provisions or comments only.")
    page: query_number(MAX_PAGE) = Field(  # type: ignore[valid-type]
        default=1, description="The page, from 1."
    )


class PhraseQuery(Query):
    q: str = Field(
        min_length=1, max_length=MAX_QUERY_CHARS, pattern=NOT_BLANK, description="The phrase."
    )


class VersionSpan(Answer):
    first: int
    last: int


class SearchResult(Answer):
    """One matching provision or comment"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "act_id": 7,
                    "act_number": "ALC-2026-007",
                    "version": 2,
                    "eid": "art_1__para_1",
                    "language": "en",
                    "snippet": "These Rules govern <mark>investment</mark> preferences",
                    "score": 3.2,
                    "kind": "provision",
                    "versions": {"first": 1, "last": 2},
                    "url": "/acts/ALC-2026-007/v/2#art_1__para_1",
                    "comment_id": None,
                }
            ]
        }
    )

    act_id: int
    act_number: str
    version: int
    eid: str
    language: Language = Field(
        description="The language of the text that matched (for a comment: of the text "
        "commented on); the `lang` filter filters by it."
    )
    snippet: str = Field(description="HTML: the text escaped, the matched words in <mark>.")
    score: float
    kind: SearchKind
    versions: VersionSpan
    url: str
    comment_id: int | None = Field(description="The comment, when the hit is one.")

    @classmethod
    def of(cls, hit: search.Hit) -> SearchResult:
        return cls(
            act_id=hit.act.id,
            act_number=hit.act.number,
            version=hit.version,
            eid=hit.eid,
            language=hit.language,
            snippet=str(hit.snippet),
            score=hit.score,
            kind=hit.kind,
            versions=VersionSpan(first=hit.first_version, last=hit.last_version),
            url=url_for(
                "acts.show",
                number=hit.act.number,
                version=hit.version,
                language=hit.language if hit.language != hit.act.language.value else None,
                _anchor=hit.eid,
            ),
            comment_id=hit.comment_id,
        )


class ActMatches(Answer):
    act_id: int
    act_number: str
    count: int


class SearchResults(Answer):
    """A page of results, and the number of matches in each act"""

    total: int
    page: int
    per_page: int
    items: list[SearchResult]
    acts: list[ActMatches]


class Occurrence(Answer):
    version: int
    eids: list[str]


class Occurrences(Answer):
    """The versions with the phrase, where it first appeared and was removed"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "phrase": "business days",
                    "items": [{"version": 1, "eids": ["art_3__para_2"]}],
                    "first_version": 1,
                    "removed_in": 2,
                }
            ]
        }
    )

    phrase: str
    items: list[Occurrence]
    first_version: int | None
    removed_in: int | None


@operation(
    "GET",
    "/search",
    tag="Search",
    summary="Search the provisions and comments this user may see",
    query=SearchQuery,
    answers={200: SearchResults},
)
def search_acts(query: SearchQuery) -> SearchResults:
    filters = search.Filters(
        act_id=query.act,
        act_type=query.act_type,
        status=query.status,
        stage=query.stage,
        lang=query.lang,
        versions=query.versions,
        kind=query.kind,
    )
    results = search.search(api_user(), query.q, filters, query.page, count_by_act=True)
    return SearchResults(
        total=results.total,
        page=results.page,
        per_page=results.per_page,
        items=[SearchResult.of(hit) for hit in results.hits],
        acts=[
            ActMatches(act_id=entry.act.id, act_number=entry.act.number, count=entry.count)
            for entry in results.acts
        ],
    )


@operation(
    "GET",
    "/acts/<int:act_id>/occurrences",
    tag="Search",
    summary="The versions of one act that contain a phrase",
    query=PhraseQuery,
    answers={200: Occurrences},
)
def phrase_occurrences(act_id: int, query: PhraseQuery) -> Occurrences:
    act = acts.get_act(api_user(), act_id)
    found = search.occurrences(act, query.q)
    return Occurrences(
        phrase=found.phrase,
        items=[Occurrence(version=number, eids=eids) for number, eids in found.versions.items()],
        first_version=found.first_version,
        removed_in=found.removed_in,
    )
