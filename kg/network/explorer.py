"""The explorer: one self-contained HTML page that shows a view in any browser, offline.

The page inlines Cytoscape.js (MIT, vendored in ``kg/web/vendor`` with its licence
header), its own script and the view's data; its Content-Security-Policy forbids every
fetch. Positions come from Graphviz ``sfdp`` when it is installed (fast and readable at
thousands of nodes); without it the page lays the network out itself, which is slow
beyond a few hundred nodes. The data is JSON with every ``<`` escaped, so no text from a
release can close the script element.
"""

from __future__ import annotations

import html
import json
import math
import re
from importlib.resources import files
from typing import Any

from kg.network import graphviz
from kg.network.model import NODE_COLOURS, View, edge_items

_PLACEHOLDER = re.compile(r"\{\{([A-Z]+)\}\}")


def _web(name: str) -> str:
    return files("kg").joinpath("web", *name.split("/")).read_text(encoding="utf-8")


def _script(text: str, name: str) -> str:
    if "</script" in text.lower():
        raise ValueError(f"{name} contains '</script' and cannot be inlined")
    return text


def sizes(degree: int) -> tuple[float, float]:
    """A node's disc diameter and label font size on the page, both growing with degree."""
    return round(10 + 7 * math.sqrt(degree), 1), round(min(10 + 2.2 * math.sqrt(degree), 28), 1)


def boxes(view: View) -> dict[str, tuple[float, float]]:
    """Each node's disc and label as a (width, height) box, for the layout to keep apart."""
    found = {}
    for node, attrs in view.graph.nodes(data=True):
        size, font = sizes(view.graph.degree(node))
        label = str(attrs.get("label", ""))
        found[node] = (max(size, 0.55 * font * len(label)), size + font + 4)
    return found


def page_data(view: View, positions: dict[str, tuple[float, float]] | None) -> dict[str, Any]:
    """The JSON the page draws: nodes, edges (with event ids), events and releases."""
    graph = view.graph
    nodes = []
    for node, attrs in graph.nodes(data=True):
        size, font = sizes(graph.degree(node))
        entry = {"id": node, **attrs, "size": size, "font": font}
        if positions is not None:
            entry["x"], entry["y"] = (round(c, 1) for c in positions[node])
        nodes.append(entry)
    edges = []
    for index, (u, v, _key, attrs) in enumerate(edge_items(graph)):
        cites = [*attrs.get("meetings", []), *attrs.get("statements", [])]
        entry = {
            k: attrs[k]
            for k in ("weight", "first", "last", "relation", "meeting_count", "statement_count")
            if k in attrs
        }
        entry.update(id=f"e{index}", source=u, target=v, events=cites, years=sorted(attrs.get("by_year", {})))
        entry["undated"] = attrs.get("undated", 0) > 0
        edges.append(entry)
    cited = {e for edge in edges for e in edge["events"]}
    events = {
        iri: {
            "category": e.category,
            "kind": e.kind,
            "label": e.label,
            "date": e.date,
            "place": e.place,
            "who": list(e.who),
            "quotes": list(e.quotes),
            "release": e.release,
        }
        for iri, e in view.events.items()
        if iri in cited
    }
    releases = {iri: {"title": r.title, "issued": r.issued, "url": r.url} for iri, r in view.releases.items()}
    return {
        "view": view.name,
        "filters": view.filters.describe(),
        "positioned": positions is not None,
        "colours": NODE_COLOURS,
        "nodes": nodes,
        "edges": edges,
        "events": events,
        "releases": releases,
    }


def page(view: View, positions: dict[str, tuple[float, float]] | None) -> str:
    """The HTML page for ``view``, with ``positions`` (or None: the page lays itself out)."""
    data = json.dumps(page_data(view, positions), ensure_ascii=False, separators=(",", ":"))
    title = f"kg {view.name} network"
    filters = ", ".join(f"{k} {v}" for k, v in view.filters.describe().items())
    parts = {
        "TITLE": html.escape(title + (f" ({filters})" if filters else "")),
        "DATA": data.replace("<", "\\u003c"),
        "LIBRARY": _script(_web("vendor/cytoscape.min.js"), "cytoscape.min.js"),
        "SCRIPT": _script(_web("explorer.js"), "explorer.js"),
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _web("explorer.html"))


def explorer(view: View) -> str:
    """The page, laid out by Graphviz when it is installed."""
    return page(view, graphviz.positions(view, boxes(view)) if graphviz.has_layout_program() else None)
