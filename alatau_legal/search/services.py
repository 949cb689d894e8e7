"""Searching what the user may see, and which versions of an act contain a phrase.

Visibility is decided by the database at query time (`accounts.permissions`), never stored in
the index: the acts a user may read, and for comments the review rounds they may read, become
a Whoosh filter. An act that changes state is therefore searchable by the right people at
once, without touching the index.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import current_app, request
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh import highlight, query, scoring, sorting
from whoosh.searching import Searcher

from ..accounts.models import Language, User
from ..accounts.permissions import is_staff, visible_acts_clause
from ..acts.models import Act, ActStatus, ActType
from ..extensions import db, read_only_request
from ..http import query_choice, query_int
from ..review.models import Assignment, ReviewRound, Stage
from .analysis import stem
from .documents import OPEN
from .index import IndexBusy, SearchIndex, pending_rows
from .models import SearchOutbox
from .query import highlight_words, parse, with_word_pairs

log = logging.getLogger(__name__)

PER_PAGE = 20
MAX_PAGE = 500
VERSION_SCOPES = ("latest", "all")
KINDS = ("provision", "comment")
FRESHNESS_WAIT = 2.0  # seconds a search waits for another writer before reading as it is


# ---------------------------------------------------------------------------------------------
# The index of this app, and keeping it in step


def search_index() -> SearchIndex:
    return current_app.extensions["alatau_search"]


@contextmanager
def index_session() -> Iterator[Session]:
    """A session of its own for the indexer. It only reads, so it never joins the request's
    transaction nor (on SQLite) takes the database's write lock."""
    token = read_only_request.set(True)
    try:
        with Session(db.engine) as session:
            yield session
    finally:
        read_only_request.reset(token)


def sync(*, timeout: float | None = None, progress=None, should_stop=None):
    """Apply the outbox to this host's index (building the index if there is none), batch
    by batch; a SIGTERM meanwhile stops it at the next batch boundary."""
    if should_stop is None:
        with stop_on_sigterm() as asked:
            return sync(timeout=timeout, progress=progress, should_stop=asked)
    with index_session() as session:
        return search_index().sync(
            session, timeout=timeout, progress=progress, should_stop=should_stop
        )


def pending() -> tuple[int, int]:
    """(the index's cursor, how many outbox rows lie past it)."""
    cursor = max(search_index().cursor(), 0)
    with index_session() as session:
        return cursor, pending_rows(session, cursor)


@contextmanager
def stop_on_sigterm() -> Iterator[Callable[[], bool]]:
    """A question for a long loop: has this process been asked to end (SIGTERM)?

    The process's own handler (gunicorn's, which lets the worker finish its request) still
    runs; where there is none, the process ends once the loop has stopped at its boundary.
    Signals reach the main thread only: elsewhere the answer is always no.
    """
    asked = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield asked.is_set
        return
    previous = signal.getsignal(signal.SIGTERM)

    def note(signum, frame) -> None:
        asked.set()
        if callable(previous):
            previous(signum, frame)

    signal.signal(signal.SIGTERM, note)
    try:
        yield asked.is_set
    finally:
        signal.signal(signal.SIGTERM, previous)
    if asked.is_set() and previous in (signal.SIG_DFL, None):
        raise SystemExit(128 + signal.SIGTERM)


def rebuild():
    """Build the index anew from the database and swap it in."""
    with index_session() as session:
        return search_index().rebuild(session)


def sync_quietly(timeout: float | None = None) -> None:
    """Sync after a request or command; a failure is logged, never raised (the outbox keeps
    the rows, and the next sync or `flask search sync` applies them)."""
    try:
        sync(timeout=timeout)
    except IndexBusy as busy:
        log.warning("search index not updated now: %s; the next sync applies the changes", busy)
    except Exception:
        log.exception("search index not updated; `flask search sync` applies the changes")


def ensure_fresh() -> None:
    """Read your own writes: before searching, apply what the outbox holds past the cursor."""
    index = search_index()
    newest = db.session.scalar(select(func.max(SearchOutbox.id))) or 0
    if not index.exists() or index.cursor() < newest:
        sync_quietly(timeout=FRESHNESS_WAIT)


# ---------------------------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class Filters:
    act_id: int | None = None
    act_type: str | None = None
    status: str | None = None
    stage: str | None = None
    lang: str | None = None
    versions: str = "latest"
    kind: str | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for links that keep them)."""
        args = {
            "act": self.act_id,
            "act_type": self.act_type,
            "status": self.status,
            "stage": self.stage,
            "lang": self.lang,
            "kind": self.kind,
        }
        args = {name: str(value) for name, value in args.items() if value is not None}
        if self.versions != "latest":
            args["versions"] = self.versions
        return args


def read_request() -> tuple[str, Filters, int]:
    """The query, filters and page of the request's query string, each checked."""
    filters = Filters(
        act_id=query_int("act", default=0) or None,
        act_type=query_choice("act_type", (t.value for t in ActType)),
        status=query_choice("status", (s.value for s in ActStatus)),
        stage=query_choice("stage", (s.value for s in Stage)),
        lang=query_choice("lang", (lang.value for lang in Language)),
        versions=query_choice("versions", VERSION_SCOPES) or "latest",
        kind=query_choice("kind", KINDS),
    )
    return request.args.get("q", ""), filters, query_int("page", default=1, maximum=MAX_PAGE)


NOTHING = query.NullQuery


@dataclass(frozen=True)
class Scope:
    """The Whoosh filter of a search, and a short key that names it: the same key, the same
    documents, so the index keeps the filter's document set per key (see `filter_docs`)."""

    query: query.Query
    key: tuple


def _scope(actor: User | None, filters: Filters) -> Scope | None:
    """The Whoosh filter of what `actor` may see and asked for (None: everything)."""
    statement = select(Act.id)
    restricted = False
    if actor is None:  # the public: approved acts only
        statement, restricted = statement.where(Act.status == ActStatus.APPROVED), True
    elif not is_staff(actor):
        statement, restricted = statement.where(visible_acts_clause(actor)), True
    for column, value in (
        (Act.id, filters.act_id),
        (Act.act_type, filters.act_type),
        (Act.status, filters.status),
    ):
        if value is not None:
            statement, restricted = statement.where(column == value), True
    act_ids = tuple(db.session.scalars(statement.order_by(Act.id))) if restricted else None
    if act_ids == ():
        return NOTHING

    provisions: list[query.Query] = [query.Term("kind", "provision")]
    if filters.versions == "latest":
        provisions.append(query.Term("latest", "1"))
    comments: list[query.Query] = [query.Term("kind", "comment")]
    reviewed: tuple = ()
    if filters.stage:
        comments.append(query.Term("stage", filters.stage))
        reviewed = _reviewed_versions(filters.stage, act_ids)
        provisions.append(_reviewed_at(reviewed))
    round_ids: tuple[int, ...] | None = None
    if actor is None:
        comments = []
    elif not is_staff(actor):
        round_ids = tuple(
            db.session.scalars(
                select(Assignment.round_id)
                .where(Assignment.reviewer_id == actor.id)
                .distinct()
                .order_by(Assignment.round_id)
            )
        )
        comments.append(query.Or([query.Term("round_id", str(rid)) for rid in round_ids]))

    if filters.lang:
        # The language of the text that matched (of the text commented on), not the act's.
        provisions.append(query.Term("language", filters.lang))
        comments.append(query.Term("language", filters.lang))

    if act_ids is None and len(provisions) == len(comments) == 1 and filters.kind is None:
        return None  # everything the index holds (staff, no filter): no filter to compute
    parts = []
    if filters.kind in (None, "provision"):
        parts.append(query.And(provisions))
    if filters.kind in (None, "comment") and comments:
        parts.append(query.And(comments))
    if not parts:
        return NOTHING
    scope = query.Or(parts) if len(parts) > 1 else parts[0]
    if act_ids is not None:
        scope = query.And([query.Or([query.Term("act_id", str(i)) for i in act_ids]), scope])
    key = (
        act_ids,
        filters.versions,
        filters.kind,
        filters.stage,
        filters.lang,
        reviewed,
        actor is None,
        round_ids,
    )
    return Scope(scope.normalize(), key)


def _reviewed_versions(stage: str, act_ids: tuple[int, ...] | None) -> tuple:
    """(act id, version) of every version reviewed in a round of this stage."""
    statement = select(ReviewRound.act_id, ReviewRound.version_number).where(
        ReviewRound.stage == stage, ReviewRound.version_number.is_not(None)
    )
    if act_ids is not None:
        statement = statement.where(ReviewRound.act_id.in_(act_ids))
    return tuple(sorted(set(db.session.execute(statement).tuples())))


def _reviewed_at(reviewed: tuple) -> query.Query:
    """Provision wordings that stood in a version reviewed in a round of this stage."""
    if not reviewed:
        return NOTHING
    return query.Or(
        [
            query.And(
                [
                    query.Term("act_id", str(act_id)),
                    query.NumericRange("first", None, version),
                    query.NumericRange("last", version, None),
                ]
            )
            for act_id, version in reviewed
        ]
    )


# ---------------------------------------------------------------------------------------------
# Searching


class EscapingFormatter(highlight.Formatter):
    """Snippets as HTML: the act's own text escaped, the matched words in <mark>."""

    between = " … "

    def _text(self, text):
        return str(escape(text))

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


@dataclass
class Hit:
    act: Act
    kind: str  # provision | comment
    eid: str
    version: int  # the version to open: the latest one the wording stands in
    first_version: int
    last_version: int
    heading: str
    snippet: Markup
    score: float
    comment_id: int | None = None
    language: str = ""  # the language of the text that matched


@dataclass
class ActCount:
    act: Act
    count: int


@dataclass
class SearchResults:
    q: str
    filters: Filters
    page: int
    per_page: int
    total: int
    hits: list[Hit]
    acts: list[ActCount] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def grouped(self) -> list[tuple[Act, list[Hit]]]:
        """The page's hits grouped by act, acts in order of their best hit."""
        groups: dict[int, tuple[Act, list[Hit]]] = {}
        for hit in self.hits:
            groups.setdefault(hit.act.id, (hit.act, []))[1].append(hit)
        return list(groups.values())


class Snippets:
    """Highlighted fragments of a hit's text: the query's words (phrases word by word, prefixes
    as the words they matched) marked, everything else escaped."""

    def __init__(self, searcher, parsed: query.Query, results) -> None:
        field = searcher.schema["body"]
        self.analyzer = field.analyzer
        # Prefixes matched unstemmed words; the highlighter compares stems.
        matched = results.query_terms(True, "words")
        self.words = frozenset(
            highlight_words(parsed) | {stem(field.from_bytes(text)) for _, text in matched}
        )
        self.fragmenter = highlight.ContextFragmenter(maxchars=300, surround=80)
        self.formatter = EscapingFormatter()

    def __call__(self, body: str) -> Markup:
        fragments = highlight.highlight(
            body, self.words, self.analyzer, self.fragmenter, self.formatter, top=2
        )
        if fragments:
            return Markup(fragments)  # noqa: S704  (EscapingFormatter escaped every piece of text)
        shown = body if len(body) <= 240 else body[:240].rsplit(" ", 1)[0] + " …"
        return escape(shown)


def search(
    actor: User | None,
    q: str,
    filters: Filters | None = None,
    page: int = 1,
    *,
    per_page: int = PER_PAGE,
    count_by_act: bool = False,
) -> SearchResults:
    """One page of what `actor` may see that matches `q` (None: the public)."""
    filters = filters or Filters()
    if actor is None:
        # The public reads approved texts as approved: not earlier versions, not comments.
        filters = replace(filters, versions="latest", kind="provision", stage=None)
    parsed = parse(q)
    scope = _scope(actor, filters)
    empty = SearchResults(q, filters, page, per_page, 0, [])
    if scope is NOTHING:
        return empty
    ensure_fresh()
    with search_index().searcher() as searcher:
        if searcher is None:
            return empty
        allowed = None if scope is None else search_index().filter_docs(searcher, scope)
        if allowed is not None and not allowed:
            return empty  # (Whoosh reads an empty filter as no filter at all)
        grouping = sorting.FieldFacet("act_id") if count_by_act else None
        if actor is None or not is_staff(actor):
            # BM25 weighs a word by its frequency in the whole index, hidden texts included:
            # scores would tell an expert or the public how common a word is where they may
            # not look. They are ranked by the frequency in each hit alone.
            searcher = Searcher(searcher.reader(), weighting=scoring.Frequency(), closereader=False)
        results = searcher.search(
            with_word_pairs(parsed),
            filter=allowed,
            limit=page * per_page,
            groupedby=grouping,
            # Whoosh's block-skipping optimisation leaves the total to be counted in a second
            # pass, which ignores the filter: it would tell a reader how many hidden provisions
            # match. Counting while collecting is exact, filtered, and done in one pass.
            optimize=False,
        )
        snippet = Snippets(searcher, parsed, results)
        total = len(results)
        shown = results[(page - 1) * per_page : page * per_page]
        counts = (
            {int(act_id): len(docs) for act_id, docs in results.groups("act_id").items()}
            if count_by_act
            else {}
        )
        # The acts of the hits shown and of the counts, in one query.
        acts_by_id = _acts([int(hit["act_id"]) for hit in shown] + list(counts))
        hits = [
            _hit(hit, acts_by_id[int(hit["act_id"])], snippet)
            for hit in shown
            if int(hit["act_id"]) in acts_by_id
        ]
    by_act = [
        ActCount(acts_by_id[act_id], count)
        for act_id, count in sorted(counts.items(), key=lambda item: -item[1])
        if act_id in acts_by_id
    ]
    return SearchResults(q, filters, page, per_page, total, hits, by_act)


def _acts(ids: list[int]) -> dict[int, Act]:
    if not ids:
        return {}
    return {act.id: act for act in db.session.scalars(select(Act).where(Act.id.in_(set(ids))))}


def _hit(hit, act: Act, snippet: Snippets) -> Hit:
    fields = hit.fields()
    last = act.current_version if fields["last"] == OPEN else fields["last"]
    return Hit(
        act=act,
        kind=fields["kind"],
        eid=fields["eid"],
        version=last if fields["kind"] == "provision" else fields["first"],
        first_version=fields["first"],
        last_version=last,
        heading=fields.get("heading", ""),
        snippet=snippet(fields["body"]),
        score=round(float(hit.score), 4),
        comment_id=fields.get("comment_id"),
        language=fields.get("language") or act.language.value,
    )


# ---------------------------------------------------------------------------------------------
# Which versions contain a phrase


@dataclass
class Occurrences:
    phrase: str
    versions: dict[int, list[str]]  # version -> eIds, only the versions that contain it
    first_version: int | None
    removed_in: int | None


def occurrences(act: Act, phrase: str) -> Occurrences:
    """The versions of `act` (already checked visible) whose text contains `phrase`.

    `removed_in` is the first version after the last one that contains it; None while the
    latest version still does (or when no version ever did).
    """
    parsed = parse(phrase, as_phrase=True)
    ensure_fresh()
    runs: list[tuple[int, int, str]] = []
    with search_index().searcher() as searcher:
        if searcher is not None:
            scope = query.And([query.Term("act_id", str(act.id)), query.Term("kind", "provision")])
            for hit in searcher.search(with_word_pairs(parsed), filter=scope, limit=None):
                last = act.current_version if hit["last"] == OPEN else hit["last"]
                runs.append((hit["first"], min(last, act.current_version), hit["eid"]))
    versions: dict[int, set[str]] = {}
    for first, last, eid in runs:
        for number in range(first, last + 1):
            versions.setdefault(number, set()).add(eid)
    ordered = {number: sorted(versions[number]) for number in sorted(versions)}
    first_version = min(ordered) if ordered else None
    removed_in = None
    if ordered and act.current_version not in ordered:
        removed_in = max(ordered) + 1
    return Occurrences(" ".join(phrase.split()), ordered, first_version, removed_in)


# ---------------------------------------------------------------------------------------------
# Wiring


def init_app(app) -> None:
    """The index folder of this app, and syncing it once a request or command has committed."""
    from flask import g

    from . import outbox  # noqa: F401  (registers the commit listeners)

    app.extensions["alatau_search"] = SearchIndex(
        Path(app.config["INSTANCE_DIR"]) / "search", lock_timeout=app.config["SEARCH_LOCK_TIMEOUT"]
    )

    @app.after_request
    def sync_after_the_response(response):
        # Once the response is sent (the WSGI server closes it), not before: the person who
        # saved is not kept waiting for the index. Their next search applies it first anyway.
        if g.pop("search_outbox_committed", False):
            application = current_app._get_current_object()

            def sync_now() -> None:
                with application.app_context():
                    sync_quietly()

            response.call_on_close(sync_now)
        return response

    @app.teardown_appcontext
    def sync_after_a_command(_exc=None) -> None:
        # A CLI command (or a request that committed after its response was made).
        if g.pop("search_outbox_committed", False):
            sync_quietly()
