"""`kg export` and `kg analyze` on the corpus store, as a user runs them: every network format
is read back (networkx; Graphviz for DOT, PNG and SVG) and compared with the view."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import require_program
from helpers import run_kg

from kg.network import View, build_view
from kg.pipeline import ingest
from kg.store import EmbeddedStore

VIEWS = ("actor", "state", "initiative")
SVG = "{http://www.w3.org/2000/svg}"


def kg(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    return run_kg(*args, store=store)


@pytest.fixture(scope="module")
def store_path(corpus: Path, tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("corpus-export") / "store"
    report = ingest([corpus / "index.jsonl"], EmbeddedStore(path), pipeline)
    assert not report.failed
    return path


@pytest.fixture(scope="module")
def views(store_path: Path) -> dict[str, View]:
    store = EmbeddedStore(store_path, read_only=True)
    return {name: build_view(store, name) for name in VIEWS}


def export(store_path: Path, tmp_path: Path, view: str, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"{view}.{fmt}"
    done = kg("export", "--view", view, "--format", fmt, "-o", str(out), *extra, store=store_path)
    assert done.returncode == 0, done.stderr
    assert f"wrote {view} network" in done.stderr
    return out


def pairs(graph: nx.Graph[Any]) -> set[tuple[str, str, str]]:
    keyed = graph.edges(keys=True) if graph.is_multigraph() else ((u, v, "") for u, v in graph.edges())  # type: ignore[call-overload]
    return {(*sorted((str(u), str(v))), str(k)) for u, v, k in keyed}  # type: ignore[misc]


def check_same(read: nx.Graph[Any], view: View) -> None:
    """Same nodes, and the same edges (for the initiative multigraph: keyed by relation)."""
    assert set(read) == set(view.graph) and len(read) > 5
    assert read.is_multigraph() == view.graph.is_multigraph()
    assert pairs(read) == pairs(view.graph)


@pytest.mark.parametrize("view", VIEWS)
def test_graphml_reads_back_with_attributes(
    store_path: Path, views: dict[str, View], tmp_path: Path, view: str
) -> None:
    read = nx.read_graphml(export(store_path, tmp_path, view, "graphml"))
    check_same(read, views[view])
    graph = views[view].graph
    for node, data in graph.nodes(data=True):
        assert read.nodes[node]["label"] == data["label"] and read.nodes[node]["type"] == data["type"]
        assert read.nodes[node].get("wikidata") == data.get("wikidata")
        assert read.nodes[node]["degree"] == data["degree"]
    weights = sorted(d["weight"] for *_, d in read.edges(data=True))
    assert weights == sorted(w for *_, w in graph.edges(data="weight"))
    if view == "actor":
        u, v, data = max(graph.edges(data=True), key=lambda e: e[2]["weight"])
        got = read.edges[u, v]
        assert got["meetings"] == "; ".join(data["meetings"]) and got["first"] == data["first"]


@pytest.mark.parametrize("view", VIEWS)
def test_gexf_has_yearly_spells_for_gephi_timeline(
    store_path: Path, views: dict[str, View], tmp_path: Path, view: str
) -> None:
    path = export(store_path, tmp_path, view, "gexf")
    root = ET.parse(path).getroot()
    graph_el = root.find("{http://www.gexf.net/1.2draft}graph")
    assert graph_el is not None and graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"
    read = nx.read_gexf(path)
    check_same(read, views[view])
    source = views[view].graph
    timed = [(u, v, d) for u, v, d in read.edges(data=True) if "spells" in d]
    assert timed
    for _u, _v, data in timed:
        for start, end in data["spells"]:
            assert start.endswith("-01-01") and end.endswith("-12-31") and start[:4] == end[:4]
        assert sum(value for value, _, _ in data["yearly_weight"]) <= data["weight"]
    dated = sum(1 for *_, d in source.edges(data=True) if d.get("by_year"))
    assert len(timed) == dated
    labels = {n: d["label"] for n, d in read.nodes(data=True)}
    assert labels == {n: d["label"] for n, d in source.nodes(data=True)}


@pytest.mark.parametrize("view", VIEWS)
def test_cytoscape_and_node_link_json(
    store_path: Path, views: dict[str, View], tmp_path: Path, view: str
) -> None:
    cyto = json.loads(export(store_path, tmp_path, view, "cytoscape").read_text(encoding="utf-8"))
    assert {"data", "elements"} <= set(cyto)
    edges = cyto["elements"]["edges"]
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    check_same(nx.cytoscape_graph(cyto), views[view])
    node = cyto["elements"]["nodes"][0]["data"]
    assert {"id", "label", "type", "iri", "degree"} <= set(node)
    link = json.loads(export(store_path, tmp_path, view, "json").read_text(encoding="utf-8"))
    read = nx.node_link_graph(link, edges="edges")
    check_same(read, views[view])
    if view == "actor":
        assert all(
            isinstance(e["meetings"], list) and isinstance(e.get("by_year", {}), dict) for e in link["edges"]
        )


@pytest.mark.parametrize("view", VIEWS)
def test_dot_renders_in_graphviz_without_warnings(
    store_path: Path, views: dict[str, View], tmp_path: Path, view: str
) -> None:
    dot = require_program("dot")
    path = export(store_path, tmp_path, view, "dot")
    done = subprocess.run([dot, "-Tsvg", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    root = ET.fromstring(done.stdout)
    groups = [g.get("class") for g in root.iter(f"{SVG}g")]
    graph = views[view].graph
    assert groups.count("node") == graph.number_of_nodes()
    assert groups.count("edge") == graph.number_of_edges()
    titles = {t.text for t in root.iter(f"{SVG}title")}
    assert set(graph) <= titles


def test_png_and_svg_pictures(store_path: Path, views: dict[str, View], tmp_path: Path) -> None:
    require_program("sfdp")
    png = export(store_path, tmp_path, "state", "png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    svg = ET.parse(export(store_path, tmp_path, "state", "svg")).getroot()
    texts = {t.text for t in svg.iter(f"{SVG}text")}
    assert {d["label"] for _, d in views["state"].graph.nodes(data=True)} <= texts


def test_filters_reach_the_file(store_path: Path, views: dict[str, View], tmp_path: Path) -> None:
    path = export(store_path, tmp_path, "state", "json", "--country", "CHN", "--since", "2016")
    read = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    china = "https://w3id.org/kg-diplo/id/country/CHN"
    assert read.graph["country"] == "CHN" and read.graph["since"] == "2016"
    assert 0 < read.number_of_edges() < views["state"].graph.number_of_edges()
    assert all(china in (u, v) for u, v in read.edges())
    assert all(d["first"] >= "2016" for *_, d in read.edges(data=True))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "gexf", "--act", "agree"], "--act applies to the state and initiative views"),
        (["--format", "png"], "png is binary"),
        (["--format", "gexf", "--release", "https://w3id.org/kg-diplo/id/release/x"], "--release applies"),
        (["--format", "ttl", "--view", "state"], "not RDF dumps"),
        (["--format", "json", "--since", "last year"], "YYYY"),
        (["--format", "nq", "--release", "not an iri"], "no such release graph"),
    ],
)
def test_usage_errors_exit_2(store_path: Path, args: list[str], message: str) -> None:
    done = kg("export", *args, store=store_path)
    assert done.returncode == 2 and message in done.stderr


def test_analyze_formats(store_path: Path, views: dict[str, View]) -> None:
    data = json.loads(kg("analyze", "--view", "state", "--format", "json", store=store_path).stdout)
    assert data["betweenness"] == "exact" and data["communities"] >= 1
    assert len(data["nodes"]) == views["state"].graph.number_of_nodes()
    top = data["nodes"][0]
    assert top["label"] == "Republic of Korea" and top["betweenness"] == max(
        n["betweenness"] for n in data["nodes"]
    )
    assert all({"period", "a", "b", "weight"} <= set(d) for d in data["dyads"])
    csv_lines = kg("analyze", "--part", "dyads", "--format", "csv", store=store_path).stdout.splitlines()
    assert csv_lines[0] == "period,a,b,weight" and len(csv_lines) > 3
    table = kg("analyze", "--view", "initiative", store=store_path).stdout
    assert "# initiative network" in table and "# strongest dyads per year" in table
    done = kg("analyze", "--format", "csv", store=store_path)
    assert done.returncode == 2 and "--part nodes" in done.stderr
