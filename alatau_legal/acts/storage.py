"""Content-addressed storage of provision trees.

A node's hash covers its own content and its children's hashes (a Merkle tree, as in git), so a
version that changes one sub-paragraph stores that sub-paragraph and the few nodes above it;
everything else is shared with earlier versions. A node row holds only its wording's hash and
its children's hashes (16 raw bytes each); the wording (kind, number, heading, text) is a row of
its own, so the nodes above a changed sub-paragraph list their children again but never copy
their own text (see README.md for what a version costs). Nodes never change once written, which
is why a process-wide cache of them is always correct; and a whole version, named by its top
hashes, never changes either, so a loaded version (its tree with eIds and its flat rows) is
cached by those hashes too. Both caches are bounded (entries, provisions), so a worker's memory is.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db, dialect_insert
from .models import ProvisionNode, ProvisionWording
from .text import FlatProvision, Kind, Provision, assign_eids, flatten

# Rows per IN (...) list or INSERT batch: well under SQLite's variable limit.
BATCH = 500


@dataclass(frozen=True, slots=True)
class StoredNode:
    kind: str
    num: str | None
    heading: str
    text: str
    children: tuple[str, ...]


def node_hash(kind: str, num: str | None, heading: str, text: str, children: Sequence[str]) -> str:
    """The content address of a node: BLAKE2b-128 of its canonical JSON."""
    canonical = json.dumps([kind, num, heading, text, list(children)], ensure_ascii=False)
    return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


def wording_hash(kind: str, num: str | None, heading: str, text: str) -> str:
    """The content address of a node's own wording: BLAKE2b-128 of its canonical JSON."""
    canonical = json.dumps([kind, num, heading, text], ensure_ascii=False)
    return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


class NodeCache:
    """A bounded least-recently-used cache of immutable nodes by hash."""

    # About 1 kB a node at the size of the sample acts' provisions: 20,000 nodes are about
    # 20 MB of a worker's memory (60,000 were 60 MB, a quarter of the 250 MB a worker may use).
    def __init__(self, max_entries: int = 20_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, StoredNode] = OrderedDict()

    def get(self, key: str) -> StoredNode | None:
        node = self._entries.get(key)
        if node is not None:
            self._entries.move_to_end(key)
        return node

    def put(self, key: str, node: StoredNode) -> None:
        self._entries[key] = node
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


node_cache = NodeCache()


@dataclass(frozen=True, slots=True)
class LoadedVersion:
    """A version's provisions as the pages read them: shared by every reader, never changed."""

    provisions: list[Provision]
    flat: tuple[FlatProvision, ...]


class VersionCache:
    """Loaded versions by their top hashes, least recently used first out, bounded by the
    number of provisions held (not of versions: one act may be fifty times another)."""

    # About 0.6 kB a provision (its tree node and flat row; the texts are the node cache's):
    # 20,000 provisions, some 12 MB, hold 13 versions of a 1,515-provision act or a thousand
    # versions of the usual twenty provisions.
    def __init__(self, max_provisions: int = 20_000) -> None:
        self.max_provisions = max_provisions
        self._entries: OrderedDict[tuple[str, ...], LoadedVersion] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> LoadedVersion | None:
        with self._lock:
            loaded = self._entries.get(key)
            if loaded is not None:
                self._entries.move_to_end(key)
            return loaded

    def put(self, key: tuple[str, ...], loaded: LoadedVersion) -> None:
        size = len(loaded.flat)
        if size > self.max_provisions:
            return  # larger than the whole cache: kept by no one
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._held -= len(previous.flat)
            self._entries[key] = loaded
            self._held += size
            while self._held > self.max_provisions:
                _, dropped = self._entries.popitem(last=False)
                self._held -= len(dropped.flat)

    @property
    def provisions(self) -> int:
        return self._held

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._held = 0


version_cache = VersionCache()


def clear_caches() -> None:
    """Forget every cached node, version and alignment (tests that start a new database call
    this)."""
    from .languages import alignment_cache  # the languages build on this module

    node_cache.clear()
    version_cache.clear()
    alignment_cache.clear()


def hash_tree(provisions: Iterable[Provision], out: dict[str, StoredNode]) -> list[str]:
    """The hashes of `provisions`, collecting every node of the tree into `out`."""
    hashes = []
    for provision in provisions:
        children = tuple(hash_tree(provision.children, out))
        node = StoredNode(
            provision.kind.value, provision.num, provision.heading, provision.text, children
        )
        key = node_hash(node.kind, node.num, node.heading, node.text, children)
        out[key] = node
        hashes.append(key)
    return hashes


def _existing(column, keys: list[str]) -> set[str]:
    """Those of `keys` stored in `column` (a primary key), asked of the database."""
    found: set[str] = set()
    for start in range(0, len(keys), BATCH):
        found.update(
            db.session.scalars(select(column).where(column.in_(keys[start : start + BATCH])))
        )
    return found


def store_tree(provisions: Sequence[Provision]) -> list[str]:
    """Write the nodes (and wordings) of a tree that are not stored yet; return the top-level
    hashes."""
    nodes: dict[str, StoredNode] = {}
    top = hash_tree(provisions, nodes)
    # Existence is asked of the database, never the cache: a cached node may come from a
    # transaction that was rolled back.
    stored = _existing(ProvisionNode.hash, list(nodes))
    new = {key: node for key, node in nodes.items() if key not in stored}
    wordings = {
        wording_hash(node.kind, node.num, node.heading, node.text): node for node in new.values()
    }
    stored_wordings = _existing(ProvisionWording.hash, list(wordings))
    wording_rows = [
        {"hash": key, "kind": node.kind, "num": node.num, "heading": node.heading,
         "text": node.text}
        for key, node in wordings.items()
        if key not in stored_wordings
    ]  # fmt: skip
    node_rows = [
        {
            "hash": key,
            "wording": wording_hash(node.kind, node.num, node.heading, node.text),
            "children": node.children,
        }
        for key, node in new.items()
    ]
    # Two concurrent saves may add the same new node or wording: the second insert is a no-op.
    for model, rows in ((ProvisionWording, wording_rows), (ProvisionNode, node_rows)):
        for start in range(0, len(rows), BATCH):
            statement = dialect_insert(model).on_conflict_do_nothing(index_elements=["hash"])
            db.session.execute(statement, rows[start : start + BATCH])
    return top


def fetch_nodes(keys: Iterable[str], session=None) -> dict[str, StoredNode]:
    """The stored nodes for these hashes (from the cache, then the database).

    `session` defaults to the request's; the search indexer passes a session of its own.
    """
    session = session or db.session
    found: dict[str, StoredNode] = {}
    wanted = []
    for key in keys:
        node = node_cache.get(key)
        if node is None:
            wanted.append(key)
        else:
            found[key] = node
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        for row in session.execute(
            select(
                ProvisionNode.hash,
                ProvisionWording.kind,
                ProvisionWording.num,
                ProvisionWording.heading,
                ProvisionWording.text,
                ProvisionNode.children,
            )
            .join(ProvisionWording, ProvisionWording.hash == ProvisionNode.wording)
            .where(ProvisionNode.hash.in_(chunk))
        ):
            node = StoredNode(row.kind, row.num, row.heading, row.text, tuple(row.children))
            node_cache.put(row.hash, node)
            found[row.hash] = node
    return found


def load_version(top_hashes: Sequence[str], session=None) -> LoadedVersion:
    """A version's tree (eIds assigned) and flat rows: from the cache, else built once.

    The tree is shared by every caller: read it, never change it (build a new one instead).
    """
    key = tuple(top_hashes)
    loaded = version_cache.get(key)
    if loaded is None:
        tree = _build_tree(top_hashes, session)
        loaded = LoadedVersion(tree, tuple(flatten(tree)))
        version_cache.put(key, loaded)
    return loaded


def load_tree(top_hashes: Sequence[str], session=None) -> list[Provision]:
    """The provision tree of a version, eIds assigned (shared: read, never change it)."""
    return load_version(top_hashes, session).provisions


def _build_tree(top_hashes: Sequence[str], session=None) -> list[Provision]:
    """The provision tree of a version, eIds assigned, fetched one tree level per query."""
    nodes: dict[str, StoredNode] = {}
    level = list(dict.fromkeys(top_hashes))
    while level:
        fetched = fetch_nodes((key for key in level if key not in nodes), session)
        missing = [key for key in level if key not in nodes and key not in fetched]
        if missing:
            raise LookupError(f"provision nodes missing from storage: {missing[:3]}")
        nodes.update(fetched)
        level = list(
            dict.fromkeys(
                child for key in level for child in nodes[key].children if child not in nodes
            )
        )

    def build(key: str) -> Provision:
        node = nodes[key]
        return Provision(
            kind=Kind(node.kind),
            num=node.num,
            heading=node.heading,
            text=node.text,
            children=[build(child) for child in node.children],
        )

    tree = [build(key) for key in top_hashes]
    assign_eids(tree)
    return tree
