"""The embedded store: Oxigraph on disk, one named graph per release.

Queries are passed to Oxigraph as strings (a prepared query object would run on a slower
engine), with parameters already bound as RDF terms by :mod:`kg.queries`.

Release graphs arrive in batches, loaded with Oxigraph's bulk loader (3x faster and 3x
smaller on disk than transactional loads). The bulk loader is not atomic, so a batch is
journalled: the names of its graphs are written to ``kg-pending-graphs.txt`` in the store
before its old graphs are removed and its quads loaded, and the journal is removed after
the load is flushed. A store opened for writing with a journal left by a crash drops the
graphs it names, so each release is either fully in the store or absent (ingest it
again), never half there. Readers that find a journal do the same first when no one else
has the store open. Each graph also carries a completeness marker (:mod:`kg.completeness`)
that ``kg check`` verifies.

Who may open the store is decided by :mod:`kg.locking`: one writer at a time, and while it
writes, readers open the snapshot it published after its last completed batch.
"""

from __future__ import annotations

import io
import os
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import locking
from kg.completeness import QUADS, with_marker
from kg.errors import StoreError
from kg.iris import release_iri

DEFAULT_STORE = "kg-store"
JOURNAL = "kg-pending-graphs.txt"
_MARKER = ox.NamedNode(QUADS)


def default_store_path() -> Path:
    return Path(os.environ.get("KG_STORE") or DEFAULT_STORE)


@dataclass(frozen=True)
class StoreStats:
    releases: int
    quads: int


# release graphs are named by the release IRI (kg.iris.release_iri)
_RELEASE_PREFIX = str(release_iri("x"))[:-1]


class EmbeddedStore:
    """A persistent Oxigraph store in ``path`` (created on first write)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        if read_only and not (path / "CURRENT").is_file():  # RocksDB's; absent until the first write
            raise StoreError(f"{path}: no store here yet (run `kg ingest` first, or pass --store)")
        access = locking.open_for_reading(path) if read_only else locking.open_for_writing(path)
        #: True when a writer is at work and this reader sees its last completed batch.
        self.snapshot = access.snapshot
        self._opened: list[ox.Store] = []  # the one reference to the Oxigraph store
        self._closer = weakref.finalize(self, _close, self._opened, access, None if read_only else path)
        try:
            if read_only and not access.snapshot and (path / JOURNAL).is_file():
                self._recover_for_readers(access)
            self._opened.append(_open(access.folder, read_only))
        except BaseException:
            self.close()
            raise
        if not read_only:
            self._recover()
            locking.publish_snapshot(path, self._store)

    @property
    def _store(self) -> ox.Store:
        if not self._opened:
            raise StoreError(f"{self.path}: the store was closed")
        return self._opened[0]

    def close(self) -> None:
        """Close the store and release its lock (also done when the object is collected)."""
        self._closer()

    def _recover_for_readers(self, access: locking.Access) -> None:
        """Undo an interrupted batch before reading, if no other process has the store open."""
        if not locking.try_upgrade(access):
            return  # another reader has it; `kg check` reports the pending batch
        try:
            self._opened.append(_open(self.path, read_only=False))
            self._recover()
        except (StoreError, OSError):
            pass  # e.g. a folder this user may not write: read as it is
        finally:
            self._opened.clear()
            locking.downgrade(access)

    def replace_graph(self, name: str, nquads: str) -> int:
        """Make ``name`` hold exactly the quads in ``nquads`` (all in graph ``name``)."""
        self.replace_graphs([(name, nquads)])
        return nquads.count("\n")

    def replace_graphs(self, graphs: Sequence[tuple[str, str]]) -> None:
        """Make each named graph hold exactly its N-Quads, in one journalled bulk load.

        The N-Quads of a graph must all be in that graph (as :mod:`kg.pipeline` writes
        them); a name given twice keeps its last N-Quads.
        """
        latest = {name: with_marker(name, nquads) for name, nquads in graphs}
        journal = self.path / JOURNAL
        partial = journal.with_name(JOURNAL + ".partial")  # a crash never leaves half a journal
        partial.write_text("".join(name + "\n" for name in latest), encoding="utf-8")
        partial.replace(journal)
        try:
            for name in latest:
                self.drop_graph(name)
            reader = io.BufferedReader(_Utf8Reader(latest.values()), 1 << 20)
            self._store.bulk_load(reader, format=ox.RdfFormat.N_QUADS)
            self._store.flush()
        except BaseException:
            self._recover()
            raise
        journal.unlink(missing_ok=True)
        locking.publish_snapshot(self.path, self._store)

    def _recover(self) -> None:
        """Drop the graphs of a batch whose bulk load did not finish (see the module doc)."""
        journal = self.path / JOURNAL
        if journal.is_file():
            for name in journal.read_text(encoding="utf-8").split():
                self.drop_graph(name)
            self._store.flush()
            journal.unlink(missing_ok=True)

    def drop_graph(self, name: str) -> bool:
        graph = ox.NamedNode(name)
        if not self._store.contains_named_graph(graph):
            return False
        self._store.remove_graph(graph)
        return True

    def has_graph(self, name: str) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(name)))

    def graph_value(self, name: str, predicate: str) -> str | None:
        graph = ox.NamedNode(name)
        for quad in self._store.quads_for_pattern(graph, ox.NamedNode(predicate), None, graph):
            return str(getattr(quad.object, "value", quad.object))
        return None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def release_graphs(self) -> list[str]:
        """The named graphs that hold a release (not, e.g., the graph of links kg link writes)."""
        return [g for g in self.graphs() if g.startswith(_RELEASE_PREFIX)]

    def quad_count(self) -> int:
        """The quads of all graphs, not counting their completeness markers.

        The sum of what each graph's marker says it was written with (``kg check`` verifies
        that every graph holds that many), so no scan of the whole store: 0.3 s rather than
        a minute at 30M quads.
        """
        query = f"SELECT (SUM(?n) AS ?quads) WHERE {{ GRAPH ?g {{ ?g <{QUADS}> ?n }} }}"
        solutions = self._store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        total = next(iter(solutions))[0]
        return int(total.value) if isinstance(total, ox.Literal) else 0

    def select(self, query: str) -> tuple[list[str], list[dict[str, object]]]:
        """Run a SELECT query over the union of all graphs; return variables and rows."""
        try:
            solutions = self._store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise StoreError(f"query does not parse: {exc}") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError("only SELECT queries can be saved queries")
        variables = [v.value for v in solutions.variables]
        rows = [{name: solution[name] for name in variables} for solution in solutions]
        return variables, rows

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one graph, or of all, without the completeness markers."""
        target = ox.NamedNode(graph) if graph else None
        return (q for q in self._store.quads_for_pattern(None, None, None, target) if q.predicate != _MARKER)

    def flush(self) -> None:
        self._store.flush()


class _Utf8Reader(io.RawIOBase):
    """The UTF-8 bytes of a sequence of strings, read without joining them.

    The bulk loader reads a batch through this, so the batch is never held a second and
    a third time (joined, then encoded) beside its graphs: 70 MB less at 500 releases.
    """

    def __init__(self, parts: Iterable[str]) -> None:
        self._parts = iter(parts)
        self._chunk = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._chunk:
            part = next(self._parts, None)
            if part is None:
                return 0
            self._chunk = memoryview(part.encode("utf-8"))
        size = min(len(buffer), len(self._chunk))
        buffer[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size


def _open(folder: Path, read_only: bool) -> ox.Store:
    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as exc:
        message = str(exc)
        if "lock" in message.casefold():
            raise StoreError(
                f"{folder}: the store is in use by a process that does not use kg's lock "
                f"(an Oxigraph server?); stop it first ({message})"
            ) from exc
        raise StoreError(f"{folder}: cannot open the store ({message})") from exc


def _close(opened: list[ox.Store], access: locking.Access, writer: Path | None) -> None:
    opened.clear()  # drops the last reference: Oxigraph closes the store
    if writer is not None:
        locking.prune_snapshots(writer)
    access.release()
