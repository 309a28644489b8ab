"""The three views of the store as networkx graphs.

* **actor**: people, states and organisations that took part in held meetings; one edge per
  pair that met, ``weight`` = meetings (a dinner after talks is part of the talks), with
  ``first``/``last`` dates, ``meetings`` (event IRIs) and ``by_year`` counts.
* **state**: states only; an edge per pair whose representatives (or the states themselves)
  met, or whose side addressed a statement to the other (``schema:recipient``);
  ``weight`` = ``meeting_count`` + ``statement_count``. With an act filter only statements
  of that act count.
* **initiative**: bipartite, actors (``bipartite=0``) and initiatives (``bipartite=1``); a
  multigraph with one edge per actor, initiative and ``relation`` (the act as a verb:
  ``proposed``, ``supported``, ``agreed``, ``discussed`` ...; a request's or invitation's
  addressee is ``asked to support`` / ``invited to join``), ``weight`` = statements.

Nodes carry ``label``, ``type`` (state, person, organisation, initiative), ``iri``,
``wikidata`` (QID from ``owl:sameAs``), ``country`` (ISO alpha-3 of a state, or of the
state a person represents), ``represents``, ``posts``, ``degree`` and ``strength``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.network import sparql
from kg.network.model import Event, Filters, ReleaseRef, View, edge_items
from kg.store import EmbeddedStore

#: The edge type of an initiative tie, by (role, act).
AGENT_RELATIONS: dict[str, str] = {
    "agree": "agreed",
    "decide": "agreed",
    "propose": "proposed",
    "request": "requested",
    "invite": "invited",
    "support": "supported",
    "welcome": "welcomed",
    "appreciate": "appreciated",
    "emphasize": "emphasized",
    "concern": "expressed concern",
    "condemn": "condemned",
    "hope": "hoped",
    "state": "stated",
    "discuss": "discussed",
    "reaffirm": "reaffirmed",
    "offer": "offered",
}
RECIPIENT_RELATIONS: dict[str, str] = {"request": "asked to support", "invite": "invited to join"}

_WIKIDATA = "http://www.wikidata.org/entity/"
_TYPES = (
    ("https://w3id.org/kg-diplo/ontology#Initiative", "initiative"),
    ("https://schema.org/Country", "state"),
    ("https://schema.org/Person", "person"),
    ("https://schema.org/Organization", "organisation"),
)


def build_view(store: EmbeddedStore, name: str, filters: Filters | None = None) -> View:
    """Project the store into the view ``name`` ("actor", "state" or "initiative")."""
    filters = filters or Filters()
    graph: nx.Graph[str]
    if name == "actor":
        graph = nx.Graph()
        _add_pairs(graph, sparql.select(store, sparql.ACTOR_MEETING_PAIRS, filters), "meetings")
    elif name == "state":
        graph = nx.Graph()
        if filters.act is None:
            _add_pairs(graph, sparql.select(store, sparql.STATE_MEETING_PAIRS, filters), "meetings")
        _add_pairs(graph, sparql.select(store, sparql.STATE_STATEMENT_PAIRS, filters), "statements")
        for _, _, data in graph.edges(data=True):
            data["meeting_count"] = len(data.get("meetings", []))
            data["statement_count"] = len(data.get("statements", []))
    elif name == "initiative":
        graph = nx.MultiGraph()
        _add_initiative_ties(graph, sparql.select(store, sparql.INITIATIVE_TIES, filters))
    else:
        raise ValueError(f"unknown view {name!r}")
    graph.graph.update(view=name, **filters.describe())
    _describe_nodes(store, graph)
    if name == "initiative":
        for _, data in graph.nodes(data=True):
            data["bipartite"] = 1 if data["type"] == "initiative" else 0
    apply_filters(graph, filters)
    view = View(name, graph, filters)
    _attach_events(store, view)
    return view


def apply_filters(graph: nx.Graph[Any], filters: Filters) -> None:
    """Drop edges below ``min_weight`` or away from ``country``, then nodes left alone."""
    country = filters.country.upper() if filters.country else None
    ends = graph.nodes
    doomed = [
        (u, v) if key is None else (u, v, key)
        for u, v, key, data in edge_items(graph)
        if data["weight"] < filters.min_weight
        or (country and country not in {ends[u].get("country"), ends[v].get("country")})
    ]
    graph.remove_edges_from(doomed)
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    for node, data in graph.nodes(data=True):
        data["degree"] = graph.degree(node)
        data["strength"] = graph.degree(node, weight="weight")


def _merge(data: dict[str, Any], row: sparql.Row, field: str) -> None:
    """Fold one (pair, year) row into an edge's running totals."""
    count = sparql.as_int(row, "n")
    data["weight"] = data.get("weight", 0) + count
    events = row.get("events", "").split()
    data[field] = sorted({*data.get(field, []), *events})
    year = row.get("year", "")
    by_year: dict[str, int] = data.setdefault("by_year", {})
    if year:
        by_year[year] = by_year.get(year, 0) + count
    else:
        data["undated"] = data.get("undated", 0) + count
    for key, pick in (("first", min), ("last", max)):
        value = row.get(key)
        if value:
            data[key] = pick(data[key], value) if key in data else value


def _add_pairs(graph: nx.Graph[str], rows: Iterable[sparql.Row], field: str) -> None:
    for row in rows:
        a, b = row["a"], row["b"]
        if not graph.has_edge(a, b):
            graph.add_edge(a, b)
        _merge(graph.edges[a, b], row, field)


def _add_initiative_ties(graph: nx.MultiGraph[str], rows: Iterable[sparql.Row]) -> None:
    for row in rows:
        act, role = row["actName"], row["role"]
        relation = AGENT_RELATIONS[act] if role == "agent" else RECIPIENT_RELATIONS[act]
        a, b = row["a"], row["b"]
        if not graph.has_edge(a, b, key=relation):
            graph.add_edge(a, b, key=relation, relation=relation, role=role)
        data = graph.edges[a, b, relation]
        acts = data.setdefault("acts", [])
        if act not in acts:
            acts.append(act)
        _merge(data, row, "statements")


def _describe_nodes(store: EmbeddedStore, graph: nx.Graph[Any]) -> None:
    facts: dict[str, dict[str, set[str]]] = {}
    for row in sparql.select_for(store, sparql.NODES, "node", graph.nodes):
        facts.setdefault(row["node"], {}).setdefault(row["key"], set()).add(row["value"])
    for node, data in graph.nodes(data=True):
        found = facts.get(node, {})
        types = found.get("type", set())
        data["iri"] = node
        data["type"] = next((t for iri, t in _TYPES if iri in types), "other")
        data["label"] = _first(found, "label") or node.rsplit("/", 1)[-1]
        wikidata = sorted(w for w in found.get("wikidata", ()) if w.startswith(_WIKIDATA))
        if wikidata:
            data["wikidata"] = wikidata[0].removeprefix(_WIKIDATA)
        country = _first(found, "iso3") or _first(found, "country")
        if country:
            data["country"] = country
        represents = _first(found, "represents")
        if represents:
            data["represents"] = represents
        if "post" in found:
            data["posts"] = sorted(found["post"])


def _first(found: dict[str, set[str]], key: str) -> str | None:
    """The least value of ``key`` (a node may carry a label in several releases)."""
    return min(found[key]) if key in found else None


def _event_iris(graph: nx.Graph[Any]) -> set[str]:
    found: set[str] = set()
    for *_, data in graph.edges(data=True):
        found.update(data.get("meetings", []), data.get("statements", []))
    return found


def _attach_events(store: EmbeddedStore, view: View) -> None:
    sep = sparql.UNIT_SEPARATOR
    for row in sparql.select_for(store, sparql.EVENTS, "event", _event_iris(view.graph)):
        iri = row["event"]
        view.events[iri] = Event(
            iri=iri,
            category=row["category"],
            kind=row["kind"],
            label=row.get("label", ""),
            date=row.get("day"),
            release=row["release"],
            place=row.get("place"),
            who=tuple(sorted(w for w in row.get("who", "").split(sep) if w)),
            quotes=tuple(q for q in row.get("quotes", "").split(sep) if q),
        )
    releases = {e.release for e in view.events.values()}
    for row in sparql.select_for(store, sparql.RELEASES, "release", releases):
        iri = row["release"]
        view.releases[iri] = ReleaseRef(iri, row.get("title", iri), row.get("issued"), row.get("url"))
