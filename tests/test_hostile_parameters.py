"""Hostile `kg query -p` values: rejected with a clear error or bound as a harmless term,
and the store is unchanged (quad count and checksum) after every attempt."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.pipeline import ingest
from kg.queries import bind, load_queries, parse_params, with_values
from kg.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ATTACKS = [
    "CHN' } ; DROP ALL ; #",
    'x" } DROP ALL { "',
    "} ; DROP ALL",
    "<http://evil.example/> } ; CLEAR ALL ; SELECT * WHERE {",
    "http://evil.example/a b",
    "http://evil.example/a>",
    "Park Jin\n} DELETE WHERE { ?s ?p ?o }",
    "\\u0022) } DROP ALL #",
    "' OR '1'='1",
    "A" * 1999,
    "A" * 5000,
    "",
    "0x41",
    "-1",
    "1e9",
    "2022-13-45",
    "漢字",
]


def _fingerprint(store: EmbeddedStore) -> tuple[int, str]:
    lines = sorted(str(q) for q in store.quads())
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> EmbeddedStore:  # type: ignore[no-untyped-def]
    store = EmbeddedStore(tmp_path_factory.mktemp("hostile") / "store")
    assert not ingest([SAMPLES], store, pipeline).failed
    return store


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for name, query in sorted(load_queries().items()):
        for param in query.params:
            cases.extend((name, param.name, attack) for attack in ATTACKS)
    return cases


CASES = _cases()


def test_every_parameter_type_is_attacked() -> None:
    types = {p.type for q in load_queries().values() for p in q.params}
    assert {"country", "person", "act", "status", "initiative", "iri"} & types == types - {
        "date",
        "string",
        "int",
    }
    assert len(CASES) >= 200


@pytest.mark.parametrize(("query_name", "param", "value"), CASES)
def test_hostile_value_is_rejected_or_bound_as_a_term(
    store: EmbeddedStore, query_name: str, param: str, value: str
) -> None:
    before = _fingerprint(store)
    query = load_queries()[query_name]
    required = [
        f"{p.name}=KOR" for p in query.params if p.required and p.name != param and p.type == "country"
    ]
    try:
        bound = bind(query, parse_params(query, [f"{param}={value}", *required]))
    except QueryError as exc:
        assert str(exc)  # a clear message, and nothing ran
    else:
        text = with_values(query.text, bound)
        assert text.count("VALUES") == 1 and "DROP" not in text.split("VALUES", 1)[0]
        store.select(text)  # runs as a query; any value is data, not syntax
    assert _fingerprint(store) == before
