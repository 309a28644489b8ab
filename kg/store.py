"""The embedded store: Oxigraph on disk, one named graph per release.

Queries are passed to Oxigraph as strings (a prepared query object would run on a slower
engine), with parameters already bound as RDF terms by :mod:`kg.queries`.
Replacing a release graph removes the old graph and loads the new one in one
transactional load, so a reader never sees half a release.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

DEFAULT_STORE = "kg-store"


def default_store_path() -> Path:
    return Path(os.environ.get("KG_STORE") or DEFAULT_STORE)


@dataclass(frozen=True)
class StoreStats:
    releases: int
    quads: int


class EmbeddedStore:
    """A persistent Oxigraph store in ``path`` (created on first write)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        if read_only and not path.exists():
            raise StoreError(f"{path}: no store here yet (run `kg ingest` first, or pass --store)")
        try:
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.casefold():
                raise StoreError(
                    f"{path}: the store is in use by another kg process; wait for it to finish"
                ) from exc
            raise StoreError(f"{path}: cannot open the store ({message})") from exc

    def replace_graph(self, name: str, nquads: str) -> int:
        """Make ``name`` hold exactly the quads in ``nquads`` (all in graph ``name``)."""
        graph = ox.NamedNode(name)
        self._store.remove_graph(graph) if self._store.contains_named_graph(graph) else None
        self._store.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

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

    def quad_count(self) -> int:
        return len(self._store)

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
        target = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, target))

    def flush(self) -> None:
        self._store.flush()
