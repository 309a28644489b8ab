"""What a projection returns: a networkx graph plus the events and releases its edges cite.

The graph holds plain Python values (str, int, lists, dicts); each writer converts them to
what its format can hold. Events and releases live beside the graph rather than in it, so
that a GraphML or GEXF file carries the event IRIs and the explorer page carries the
quoted sentences without every format having to hold nested records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import QueryError
from kg.vocab import ACTS

#: The views, each built by :func:`kg.network.build_view`.
VIEWS: tuple[str, ...] = ("actor", "state", "initiative")

#: Node types, in the order the legend shows them, with their colours (HTML and Graphviz).
NODE_COLOURS: dict[str, str] = {
    "state": "#1f77b4",
    "person": "#ff7f0e",
    "organisation": "#2ca02c",
    "initiative": "#9467bd",
    "other": "#7f7f7f",
}

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_ISO3 = re.compile(r"[A-Za-z]{3}")


def edge_items(graph: nx.Graph[Any]) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    """Each edge as (end, other end, key or None, data), for simple graphs and multigraphs."""
    if graph.is_multigraph():
        return list(graph.edges(keys=True, data=True))  # type: ignore[call-overload]
    return [(u, v, None, d) for u, v, d in graph.edges(data=True)]


@dataclass(frozen=True)
class Filters:
    """Restrictions on a view; each is optional.

    ``since``/``until`` (YYYY, YYYY-MM or YYYY-MM-DD) keep events whose date overlaps the
    range, at the precision the text gives ("2022" overlaps ``since=2022-06``); undated
    events are dropped once a range is given. ``act`` keeps statements of one act (state
    and initiative views). ``country`` (ISO alpha-3) keeps edges with an endpoint of that
    state (the state itself, or a person representing it). ``min_weight`` drops lighter
    edges. Nodes left without an edge are dropped.
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None
    act: str | None = None
    min_weight: int = 1

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _DATE.fullmatch(value):
                raise QueryError(f"--{name} {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
        if self.since and self.until and self.until[: len(self.since)] < self.since[: len(self.until)]:
            raise QueryError(f"--until {self.until} is before --since {self.since}")
        if self.country is not None and not _ISO3.fullmatch(self.country):
            raise QueryError(f"--country {self.country!r}: give an ISO 3166 alpha-3 code such as KOR")
        if self.act is not None and self.act not in ACTS:
            raise QueryError(f"--act {self.act!r}: use one of {', '.join(ACTS)}")
        if self.min_weight < 1:
            raise QueryError(f"--min-weight {self.min_weight}: give a whole number of at least 1")

    def describe(self) -> dict[str, str | int]:
        """The filters that are set, for the graph's own attributes and the page header."""
        values = {
            "since": self.since,
            "until": self.until,
            "country": self.country.upper() if self.country else None,
            "act": self.act,
        }
        described: dict[str, str | int] = {k: v for k, v in values.items() if v}
        if self.min_weight > 1:
            described["min_weight"] = self.min_weight
        return described


@dataclass(frozen=True)
class Event:
    """A meeting or statement that an edge counts, with the sentences that state it."""

    iri: str
    category: str  # "meeting" or "statement"
    kind: str  # meeting kind ("call", "summit" ...) or act name ("request" ...)
    label: str
    date: str | None
    release: str
    place: str | None = None
    who: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReleaseRef:
    """A source release: its IRI, title, issue date and web address when known."""

    iri: str
    title: str
    issued: str | None = None
    url: str | None = None


@dataclass
class View:
    """A projected network and the events and releases its edges refer to."""

    name: str
    graph: nx.Graph[Any]
    filters: Filters = field(default_factory=Filters)
    events: dict[str, Event] = field(default_factory=dict)
    releases: dict[str, ReleaseRef] = field(default_factory=dict)
