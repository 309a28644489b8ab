"""RDF dumps of the corpus store, whole and per release, parsed back by rdflib and compared
with the store quad for quad; the JSON-LD context gives every key a short name."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.dumps import context, jsonld
from kg.pipeline import ingest
from kg.resources import data_dir
from kg.store import EmbeddedStore

RDFLIB = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "nt": "nt", "jsonld": "json-ld"}
QINGDAO = "https://w3id.org/kg-diplo/id/release/mofa-kr-2022-08-09-korea-china-fm-qingdao-txt"


@pytest.fixture(scope="module")
def store_path(corpus: Path, tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("corpus-dumps") / "store"
    assert not ingest([corpus / "index.jsonl"], EmbeddedStore(path), pipeline).failed
    return path


def expected(store_path: Path, release: str | None, *, graphs: bool) -> set[tuple[object, ...]]:
    """The store's quads, read by rdflib from Oxigraph's own N-Quads (the reference form)."""
    store = EmbeddedStore(store_path, read_only=True)
    return read(ox.serialize(store.quads(release), format=ox.RdfFormat.N_QUADS), "nq", graphs=graphs)


def read(data: bytes, fmt: str, *, graphs: bool) -> set[tuple[object, ...]]:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=RDFLIB[fmt])
    found: set[tuple[object, ...]] = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        found.add((s, p, o, getattr(g, "identifier", g)) if graphs else (s, p, o))
    return found


def dump(store_path: Path, fmt: str, *extra: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "export", "--format", fmt, *extra, "--store", str(store_path)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld"])
@pytest.mark.parametrize("release", [None, QINGDAO])
def test_dataset_formats_keep_every_quad(store_path: Path, fmt: str, release: str | None) -> None:
    data = dump(store_path, fmt, *(["--release", release] if release else []))
    assert read(data, fmt, graphs=True) == expected(store_path, release, graphs=True)


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
@pytest.mark.parametrize("release", [None, QINGDAO])
def test_triple_formats_hold_the_union_once(store_path: Path, fmt: str, release: str | None) -> None:
    data = dump(store_path, fmt, *(["--release", release] if release else []))
    triples = expected(store_path, release, graphs=False)
    assert read(data, fmt, graphs=False) == triples
    if fmt == "nt":
        assert len(data.decode("utf-8").splitlines()) == len(triples)  # each triple once


def test_jsonld_is_compact_for_web_developers(store_path: Path) -> None:
    document = json.loads(dump(store_path, "jsonld", "--release", QINGDAO))
    assert document["@context"] == context()
    (graph,) = document["@graph"]
    assert graph["id"] == "release/mofa-kr-2022-08-09-korea-china-fm-qingdao-txt"
    nodes = {n["id"]: n for n in graph["@graph"]}
    keys = {key for node in nodes.values() for key in node}
    assert all(":" not in key for key in keys), sorted(k for k in keys if ":" in k)
    meeting = nodes["meeting/mofa-kr-2022-08-09-korea-china-fm-qingdao-txt/m40-meeting"]
    assert meeting["type"] == ["Event", "Meeting"] and meeting["date"] == "2022-08-09"
    assert meeting["actors"] == ["person/park-jin", "person/wang-yi"]
    assert meeting["status"] == "kgd:status/held" and meeting["place"] == "place/qingdao-shandong-province"
    country = nodes["country/KOR"]
    assert country["sameAs"] == ["wd:Q884"] and country["iso3"] == "KOR" and country["type"] == ["Country"]
    quote = next(n for n in nodes.values() if n["type"] == ["TextQuoteSelector"])
    position = next(n for n in nodes.values() if n["type"] == ["TextPositionSelector"])
    assert isinstance(quote["exact"], str) and isinstance(position["start"], int)


def test_values_that_do_not_fit_their_key_keep_their_type() -> None:
    quad = ox.Quad(
        ox.NamedNode("https://w3id.org/kg-diplo/id/meeting/r/m1"),
        ox.NamedNode("http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp"),
        ox.Literal("2022", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
        ox.NamedNode("https://w3id.org/kg-diplo/id/release/r"),
    )
    odd = ox.Quad(
        quad.subject, ox.NamedNode("https://example.org/p"), ox.Literal("x", language="en"), quad.graph_name
    )
    (graph,) = jsonld([quad, odd])["@graph"]
    (node,) = graph["@graph"]
    assert node["date"] == {"@value": "2022", "@type": "xsd:gYear"}
    assert node["https://example.org/p"] == {"@value": "x", "@language": "en"}
    reference = ox.serialize([quad, odd], format=ox.RdfFormat.N_QUADS)
    got = read(json.dumps(jsonld([quad, odd])).encode("utf-8"), "jsonld", graphs=True)
    assert got == read(reference, "nq", graphs=True) and len(got) == 2


def test_context_ships_with_the_package() -> None:
    document = json.loads((data_dir("ontology") / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["@base"] == "https://w3id.org/kg-diplo/id/"
