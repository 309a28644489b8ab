"""Federation: a saved query joins kg with Wikidata through SERVICE.

Tested on a real Oxigraph server loaded with the corpus and its links, with SERVICE
pointed at the Wikidata-shaped fixture server; never at the real Wikidata.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import run_kg
from servers import FIXTURE, Server, make_store, start_oxigraph

from kg.queries import bind, load_queries, parse_params, with_values
from kg.remote import WIKIDATA_SPARQL, with_services
from kg.store import EmbeddedStore

NAME = "federated-counterpart-offices"
P39 = "http://www.wikidata.org/prop/direct/P39"


@pytest.fixture(scope="module")
def linked_store(
    corpus_nquads: bytes, tmp_path_factory: pytest.TempPathFactory, wikidata_fixture: Server
) -> Path:
    store = make_store(tmp_path_factory.mktemp("federation") / "store", corpus_nquads)
    result = run_kg("link", "--endpoint", wikidata_fixture.query, "--store", str(store))
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="module")
def federation_server(linked_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An Oxigraph server of its own (the push tests compare theirs with the bare corpus)."""
    server = start_oxigraph(tmp_path_factory.mktemp("federation-server"))
    result = run_kg("push", "--endpoint", server.query, "--store", str(linked_store), "-q")
    assert result.returncode == 0, result.stderr
    yield server
    server.stop()


def offices_in_fixture() -> set[tuple[str, str]]:
    return {
        (q.subject.value, q.object.value)  # type: ignore[union-attr]
        for q in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
        if q.predicate.value == P39
    }


def test_people_who_met_koreas_foreign_minister_with_their_offices(
    federation_server: Server, wikidata_fixture: Server, linked_store: Path
) -> None:
    args = ["query", NAME, "-p", f"service={wikidata_fixture.query}", "--format", "json"]
    remote = run_kg(*args, "--endpoint", federation_server.query)
    assert remote.returncode == 0, remote.stderr
    rows = json.loads(remote.stdout)
    with_office = [r for r in rows if r["office"]]
    assert with_office, "no counterpart got an office through SERVICE"
    assert {(r["item"], r["office"]) for r in with_office} <= offices_in_fixture()
    assert all(r["officeLabel"] for r in with_office)
    assert not any(r["office"] for r in rows if not r["item"])  # no link, no offices
    assert any(r["person"].endswith("/wang-yi") and "Foreign Affairs" in r["officeLabel"] for r in rows)

    embedded = run_kg(*args, "--store", str(linked_store))
    assert embedded.returncode == 0, embedded.stderr
    assert sorted(json.dumps(r, sort_keys=True) for r in json.loads(embedded.stdout)) == sorted(
        json.dumps(r, sort_keys=True) for r in rows
    )


def test_the_service_defaults_to_wikidata() -> None:
    query = load_queries()[NAME]
    [service] = [p for p in query.params if p.name == "service"]
    assert service.type == "iri"
    bindings = bind(query, parse_params(query, []))
    text = with_services(query, with_values(query.text, bindings), bindings)
    assert f"SERVICE SILENT <{WIKIDATA_SPARQL}>" in text and "SERVICE SILENT ?service" not in text
    chosen = bind(query, parse_params(query, ["service=http://127.0.0.1:1/sparql"]))
    assert "SERVICE SILENT <http://127.0.0.1:1/sparql>" in with_services(query, query.text, chosen)


def test_without_a_service_the_local_rows_still_answer(linked_store: Path) -> None:
    """How the other saved-query tests run it: ?service unbound, so SERVICE SILENT adds
    nothing and nothing leaves the machine."""
    query = load_queries()[NAME]
    _, rows = EmbeddedStore(linked_store, read_only=True).select(with_values(query.text, {}))
    assert rows and all(row["office"] is None for row in rows)
