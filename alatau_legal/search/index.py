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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
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
BATCH = 500  # outbox rows read per query
KEEP_GENERATIONS = 2  # the current one and the one before (a search may still read it)


class IndexBusy(RuntimeError):
    """Another process held the index's writer lock for longer than we may wait."""


@dataclass
class SyncReport:
    applied: int
    cursor: int
    rebuilt: bool = False


class SearchIndex:
    """The index folder of one server host."""

    def __init__(self, root: str | Path, *, lock_timeout: float = 5.0) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._opened: dict[Path, whoosh_index.Index] = {}
        self._searchers: dict[Path, tuple[int, object]] = {}
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
                ix = self._opened[path] = whoosh_index.open_dir(str(path))
            return ix

    def exists(self) -> bool:
        return self.current_path() is not None

    @contextmanager
    def searcher(self):
        """A searcher of the current generation at its latest commit (None: no index yet).

        The searcher is kept between searches and replaced when the index has a newer commit
        (Whoosh's own `up_to_date` compares generations a reused reader does not update).
        """
        path = self.current_path()
        if path is None:
            yield None
            return
        ix = self._open(path)
        with self._guard:
            latest = ix.latest_generation()
            cached = self._searchers.get(path)
            if cached is None or cached[0] != latest:
                # The old searcher is left to the garbage collector: another thread may still
                # be reading with it.
                cached = (latest, ix.searcher())
            self._searchers = {path: cached}  # drop searchers of older generations
        yield cached[1]

    def cursor(self) -> int:
        with self.searcher() as searcher:
            if searcher is None:
                return -1
            return _cursor_of(searcher)

    # -- writing --------------------------------------------------------------------------------

    def _writer(self, ix: whoosh_index.Index, timeout: float):
        try:
            return ix.writer(timeout=timeout, delay=0.05)
        except LockError:
            raise IndexBusy(
                f"the search index at {self.root} stayed locked by another writer for {timeout:g} s"
            ) from None

    def sync(self, session: Session, *, timeout: float | None = None) -> SyncReport:
        """Apply every outbox row past the cursor (build the index first if there is none)."""
        path = self.current_path()
        if path is None:
            return self.rebuild(session, only_if_missing=True)
        ix = self._open(path)
        writer = self._writer(ix, self.lock_timeout if timeout is None else timeout)
        try:
            applied, cursor = _apply_pending(writer, session)
        except BaseException:
            writer.cancel()
            raise
        if applied:
            writer.commit()
        else:
            writer.cancel()
        return SyncReport(applied, cursor)

    def rebuild(self, session: Session, *, only_if_missing: bool = False) -> SyncReport:
        """Build a new generation from the database and make it current in one rename.

        Searches keep reading the old generation until the rename; writers keep applying the
        outbox to it, and the new generation catches up from its own cursor.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with self._rebuild_lock():
            if only_if_missing and self.current_path() is not None:
                return self.sync(session)
            # The cursor first, then the data: every row up to the cursor has committed before
            # the data is read (ids commit in order), later ones are replayed below.
            cursor = session.scalar(select(func.max(SearchOutbox.id))) or 0
            path = self.root / f"gen-{time.time_ns()}-{os.getpid()}"
            path.mkdir()
            ix = whoosh_index.create_in(str(path), build_schema())
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
                shutil.rmtree(path, ignore_errors=True)
                raise
            writer.commit()
            writer = self._writer(ix, self.lock_timeout)
            applied, cursor = _apply_pending(writer, session)
            writer.commit()
            self._make_current(path)
            return SyncReport(applied, cursor, rebuilt=True)

    @contextmanager
    def _rebuild_lock(self):
        with open(self.root / "rebuild.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _make_current(self, path: Path) -> None:
        temporary = self.root / f"{CURRENT}.{os.getpid()}.tmp"
        temporary.write_text(path.name)
        os.replace(temporary, self.root / CURRENT)
        generations = sorted(
            (child for child in self.root.glob("gen-*") if child.is_dir()),
            key=lambda child: int(child.name.split("-")[1]),
        )
        for old in generations[:-KEEP_GENERATIONS]:
            shutil.rmtree(old, ignore_errors=True)
            with self._guard:
                self._opened.pop(old, None)


def _cursor_of(searcher) -> int:
    fields = searcher.document(key=CURSOR_KEY)
    return int(fields["cursor"]) if fields else 0


def _apply_pending(writer, session: Session) -> tuple[int, int]:
    """Apply the outbox past the writer's index cursor; move the cursor. (applied, cursor)"""
    searcher = writer.searcher()
    try:
        batch = Batch(searcher)
        cursor = _cursor_of(searcher)
        applied = 0
        while True:
            rows = session.execute(
                select(SearchOutbox.id, SearchOutbox.kind, SearchOutbox.act_id, SearchOutbox.ref)
                .where(SearchOutbox.id > cursor)
                .order_by(SearchOutbox.id)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            for row in rows:
                if row.kind == OutboxKind.VERSION:
                    apply_version(batch, session, row.act_id, row.ref)
                elif row.kind == OutboxKind.COMMENT:
                    apply_comment(batch, session, row.ref)
                cursor = row.id
                applied += 1
        if applied:
            batch.put(cursor_document(cursor))
            batch.write(writer)
        return applied, cursor
    finally:
        searcher.close()
