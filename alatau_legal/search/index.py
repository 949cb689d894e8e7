"""The index on disk: generations, the writer lock, sync from the outbox, rebuild.

Layout of the index folder (`<instance>/search`):

    CURRENT        the name of the generation searches read, replaced atomically
    gen-<stamp>/   a Whoosh index; its cursor (last applied outbox id) is a document inside it,
                   so the changes and the cursor commit together
    rebuild.lock   held while a generation is being built

Whoosh allows one writer per index at a time (a file lock). Every process that writes — the
web workers after a request, `flask search sync`, a rebuild catching up — waits for the lock a
bounded time; a writer that cannot get it gives up without applying anything, leaving the rows
to the next sync (nothing is lost: the cursor has not moved).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.idsets import BitSet
from whoosh.index import LockError

from ..acts.models import Act
from .documents import (
    CURSOR_KEY,
    Batch,
    act_documents,
    apply_comment,
    apply_version,
    build_schema,
    comment_documents,
    cursor_document,
)
from .models import OutboxKind, SearchOutbox

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
# Outbox rows applied per writer commit. A row may be a whole version of a long act, so a
# batch is small: the writer's lock is held one batch at a time, and another writer (a web
# worker after a save) waits at most one batch for it.
BATCH = 20
BETWEEN_BATCHES = 0.06  # seconds the lock is left free: longer than a waiting writer's poll
WRITER_MEMORY_MB = 32  # Whoosh's indexing pool per incremental writer (its default is 128)
SCHEMA_FIELDS = set(build_schema().names())
FILTERS_PER_READER = 32  # distinct scopes (a bit per document each) kept per index commit


class IndexBusy(RuntimeError):
    """Another process held the index's writer lock for longer than we may wait."""


@dataclass
class SyncReport:
    applied: int
    cursor: int
    rebuilt: bool = False
    batches: int = 0
    stopped: bool = False  # asked to stop (SIGTERM) with rows still pending


Progress = Callable[[SyncReport], None]


class SearchIndex:
    """The index folder of one server host."""

    def __init__(self, root: str | Path, *, lock_timeout: float = 5.0) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._opened: dict[Path, whoosh_index.Index] = {}
        # A Whoosh searcher is not thread-safe: its segment files (memory-mapped compound
        # files read through BytesIO objects) keep one read position, so two threads reading
        # through one searcher interleave seek() and read() and get each other's bytes — the
        # cursor document's number with a provision's stored fields (KeyError 'cursor'),
        # a posting block from the wrong offset. Each thread keeps a searcher of its own.
        self._local = threading.local()
        self._guard = threading.Lock()

    # -- generations ----------------------------------------------------------------------------

    def current_path(self) -> Path | None:
        try:
            name = (self.root / CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if name and path.is_dir() else None

    def _open(self, path: Path) -> whoosh_index.Index:
        with self._guard:
            ix = self._opened.get(path)
            if ix is None:
                # A new generation: the ones before it are no longer opened by this process.
                ix = whoosh_index.open_dir(str(path))
                self._opened = {path: ix}
            return ix

    def exists(self) -> bool:
        return self.current_path() is not None

    @contextmanager
    def searcher(self):
        """A searcher of the current generation at its latest commit (None: no index yet).

        Each thread keeps its searcher between searches and replaces it when the generation or
        its commit changes (Whoosh's own `up_to_date` compares generations a reused reader does
        not update); it is never shared with another thread.
        """
        path = self.current_path()
        if path is None:
            yield None
            return
        ix = self._open(path)
        version = (path, ix.latest_generation())
        local = self._local
        cached = getattr(local, "searcher", None)
        if cached is None or cached[0] != version:
            if cached is not None:
                # The replaced searcher maps its segment files (often merged away and deleted
                # by the commit that replaced it): closed as soon as no caller of this thread
                # reads with it, not when the garbage collector next finds its cycles (a
                # worker saving and searching held ~110 MB of such mappings).
                local.retired = [*getattr(local, "retired", ()), cached[1]]
            cached = (version, ix.searcher())
            local.searcher = cached
        local.depth = getattr(local, "depth", 0) + 1
        try:
            yield cached[1]
        finally:
            local.depth -= 1
            if not local.depth and getattr(local, "retired", None):
                retired, local.retired = local.retired, []
                for old in retired:
                    old.close()

    def filter_docs(self, searcher, scope) -> BitSet:
        """The documents of a search's filter, as a bit set, kept per reader and scope key.

        Whoosh would otherwise walk the filter's postings (every open provision, every visible
        act) on every query. A reader belongs to one commit of the index: when the outbox is
        applied, searches get a new reader and so a new, empty set of filters.
        """
        reader = searcher.reader()
        with self._guard:
            cache = getattr(reader, "_alatau_filters", None)
            if cache is None:
                cache = reader._alatau_filters = OrderedDict()
            docs = cache.get(scope.key)
            if docs is not None:
                cache.move_to_end(scope.key)
                return docs
        docs = BitSet(searcher.docs_for_query(scope.query), size=reader.doc_count_all())
        with self._guard:
            cache[scope.key] = docs
            while len(cache) > FILTERS_PER_READER:
                cache.popitem(last=False)
        return docs

    def cursor(self) -> int:
        with self.searcher() as searcher:
            if searcher is None:
                return -1
            return _cursor_of(searcher)

    # -- writing --------------------------------------------------------------------------------

    def _writer(self, ix: whoosh_index.Index, timeout: float):
        try:
            return ix.writer(timeout=timeout, delay=0.05, limitmb=WRITER_MEMORY_MB)
        except LockError:
            raise IndexBusy(
                f"the search index at {self.root} stayed locked by another writer for {timeout:g} s"
            ) from None

    def sync(
        self,
        session: Session,
        *,
        timeout: float | None = None,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> SyncReport:
        """Apply every outbox row past the cursor (build the index first if there is none),
        one batch per writer commit; `should_stop` is asked between batches."""
        timeout = self.lock_timeout if timeout is None else timeout
        path = self.current_path()
        if path is None:
            return self.rebuild(session, only_if_missing=True, lock_timeout=timeout)
        ix = self._open(path)
        if set(ix.schema.names()) != SCHEMA_FIELDS:
            # An index written by an earlier release of the schema: build it anew.
            return self.rebuild(session, lock_timeout=timeout)
        return _catch_up(
            lambda: self._writer(ix, timeout), session, progress=progress, should_stop=should_stop
        )

    def rebuild(
        self,
        session: Session,
        *,
        only_if_missing: bool = False,
        lock_timeout: float | None = None,
    ) -> SyncReport:
        """Build a new generation from the database and make it current in one rename.

        Searches keep reading the old generation until the rename; writers keep applying the
        outbox to it, and the new generation catches up from its own cursor. One rebuild runs
        at a time: another waits `lock_timeout` seconds for it (None: as long as it takes).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with self._rebuild_lock(lock_timeout):
            if only_if_missing and self.current_path() is not None:
                return self.sync(session, timeout=lock_timeout)
            # The cursor first, then the data: every row up to the cursor has committed before
            # the data is read (ids commit in order), later ones are replayed below.
            cursor = session.scalar(select(func.max(SearchOutbox.id))) or 0
            path = self.root / f"gen-{time.time_ns()}-{os.getpid()}"
            path.mkdir()
            try:
                ix = whoosh_index.create_in(str(path), build_schema())
                _write_everything(ix, session, cursor)
                # The rows written meanwhile: this generation is not current yet, so no other
                # writer waits for its lock.
                report = _catch_up(lambda: self._writer(ix, self.lock_timeout), session)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)  # never leave a half-built generation
                raise
            self._make_current(path, replaced=self.current_path())
            report.rebuilt = True
            return report

    @contextmanager
    def _rebuild_lock(self, timeout: float | None):
        with open(self.root / "rebuild.lock", "a") as handle:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() > deadline:
                        raise IndexBusy(
                            f"another process is rebuilding the search index at {self.root}"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _make_current(self, path: Path, *, replaced: Path | None) -> None:
        """Point CURRENT at `path`; keep the generation it replaced (searches may still read
        it) and remove any other."""
        temporary = self.root / f"{CURRENT}.{os.getpid()}.tmp"
        temporary.write_text(path.name)
        os.replace(temporary, self.root / CURRENT)
        kept = {path, replaced}
        for old in self.root.glob("gen-*"):
            if old.is_dir() and old not in kept:
                shutil.rmtree(old, ignore_errors=True)
        with self._guard:
            self._opened = {key: ix for key, ix in self._opened.items() if key in kept}


def _write_everything(ix: whoosh_index.Index, session: Session, cursor: int) -> None:
    """Every provision run and comment the database holds, with the cursor, in one commit."""
    writer = ix.writer(limitmb=256)
    try:
        for act_id in session.scalars(select(Act.id).order_by(Act.id)):
            for document in act_documents(session, act_id):
                writer.add_document(**document)
        for document in comment_documents(session):
            writer.add_document(**document)
        writer.add_document(**cursor_document(cursor))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def _cursor_of(searcher) -> int:
    fields = searcher.document(key=CURSOR_KEY)
    return int(fields["cursor"]) if fields else 0


def _catch_up(
    open_writer: Callable[[], object],
    session: Session,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> SyncReport:
    """Apply the outbox in batches, each in a writer of its own that commits and lets go of
    the lock before the next; stop early when `should_stop` says so (the cursor is exact)."""
    report = SyncReport(0, -1)
    while True:
        try:
            writer = open_writer()
        except IndexBusy:
            if not report.batches:
                raise
            break  # another writer holds it now; it applies what is left
        try:
            applied, cursor, more = _apply_batch(writer, session)
        except BaseException:
            writer.cancel()
            raise
        finally:
            session.rollback()  # end the read transaction: no snapshot or identity map kept
        if applied:
            writer.commit()
        else:
            writer.cancel()
        report.applied += applied
        report.cursor = cursor
        report.batches += 1
        if not more:
            break
        if progress is not None:
            progress(report)
        if should_stop is not None and should_stop():
            report.stopped = True
            break
        time.sleep(BETWEEN_BATCHES)
    return report


def _apply_batch(writer, session: Session) -> tuple[int, int, bool]:
    """Apply up to BATCH outbox rows past the writer's index cursor and move the cursor.

    (applied, cursor, whether more rows may follow)
    """
    searcher = writer.searcher()
    try:
        batch = Batch(searcher)
        cursor = _cursor_of(searcher)
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.kind, SearchOutbox.act_id, SearchOutbox.ref)
            .where(SearchOutbox.id > cursor)
            .order_by(SearchOutbox.id)
            .limit(BATCH)
        ).all()
        for row in rows:
            if row.kind == OutboxKind.VERSION:
                apply_version(batch, session, row.act_id, row.ref)
            elif row.kind == OutboxKind.COMMENT:
                apply_comment(batch, session, row.ref)
            cursor = row.id
        if rows:
            batch.put(cursor_document(cursor))
            batch.write(writer)
        return len(rows), cursor, len(rows) == BATCH
    finally:
        searcher.close()


def pending_rows(session: Session, cursor: int) -> int:
    """How many outbox rows lie past the cursor."""
    return session.scalar(select(func.count(SearchOutbox.id)).where(SearchOutbox.id > cursor))
