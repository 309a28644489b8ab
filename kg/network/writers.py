"""Graph files: GraphML, GEXF (with time), Cytoscape.js JSON and node-link JSON.

GraphML and GEXF hold only str/int/float/bool, and networkx's writers raise on None,
dates and lists (a list even means "dynamic values" to the GEXF writer), so
:func:`plain_graph` converts: lists become ``"a; b"``, dicts (``by_year``) become
``"2018:1; 2022:2"``, empty or missing values are left out. The JSON formats keep lists
and dicts as they are.

GEXF gets time the way Gephi's timeline reads it: each edge has one spell per year it was
active (``YYYY-01-01`` to ``YYYY-12-31``) and a dynamic ``yearly_weight``; each node has
the union of its edges' years. Edges known only from undated events have no spell, so
Gephi shows them at every time, and so their nodes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import networkx as nx

from kg.network.model import View, edge_items

Plain = str | int | float | bool


def plain(value: Any) -> Plain | None:
    """A value GraphML, GEXF and DOT can hold, or None to leave the attribute out."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        value = [f"{k}:{v}" for k, v in sorted(value.items())]
    if isinstance(value, list | tuple | set | frozenset):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return text or None


def _plain_attrs(data: dict[str, Any]) -> dict[str, Plain]:
    return {k: p for k, v in data.items() if (p := plain(v)) is not None}


def plain_graph(graph: nx.Graph[Any]) -> nx.Graph[Any]:
    """A copy of ``graph`` whose graph, node and edge attributes are all plain values."""
    copy = graph.__class__()
    copy.graph.update(_plain_attrs(graph.graph))
    copy.add_nodes_from((n, _plain_attrs(d)) for n, d in graph.nodes(data=True))
    for u, v, key, data in edge_items(graph):
        copy.add_edge(u, v, *([] if key is None else [key]), **_plain_attrs(data))
    return copy


def graphml(view: View) -> str:
    return "\n".join(nx.generate_graphml(plain_graph(view.graph))) + "\n"


def _spells(years: list[str]) -> list[tuple[str, str]]:
    return [(f"{year}-01-01", f"{year}-12-31") for year in years]


def gexf(view: View) -> str:
    graph = plain_graph(view.graph)
    node_years: dict[Any, set[str]] = {n: set() for n in graph}
    timeless: set[Any] = set()
    for u, v, key, data in edge_items(view.graph):
        by_year: dict[str, int] = data.get("by_year", {})
        if not by_year:
            timeless.update((u, v))
            continue
        years = sorted(by_year)
        target: dict[str, Any] = graph.adj[u][v] if key is None else graph.adj[u][v][key]
        target["spells"] = _spells(years)
        target["yearly_weight"] = [(by_year[y], f"{y}-01-01", f"{y}-12-31") for y in years]
        node_years[u].update(years)
        node_years[v].update(years)
    for node, active in node_years.items():
        if active and node not in timeless:
            graph.nodes[node]["spells"] = _spells(sorted(active))
    return "\n".join(nx.generate_gexf(graph)) + "\n"


def _json_attrs(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


def node_link(view: View) -> str:
    data = nx.node_link_data(view.graph, edges="edges")
    data["nodes"] = [_json_attrs(n) for n in data["nodes"]]
    data["edges"] = [_json_attrs(e) for e in data["edges"]]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def cytoscape(view: View) -> str:
    """Cytoscape.js elements JSON (also imported by Cytoscape desktop), with edge ids."""
    data = nx.cytoscape_data(view.graph, name="label")
    for index, edge in enumerate(data["elements"]["edges"]):
        edge["data"] = {"id": f"e{index}", **_json_attrs(edge["data"])}
    for node in data["elements"]["nodes"]:
        node["data"] = _json_attrs(node["data"])
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


#: Text formats written by this module, by name.
WRITERS: dict[str, Callable[[View], str]] = {
    "graphml": graphml,
    "gexf": gexf,
    "cytoscape": cytoscape,
    "json": node_link,
}
