"""Saved-query files: headers are checked on load and parameters are bound as terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import DataFileError, QueryError
from kg.queries import bind, list_queries, load_queries, parse_params, with_values

HEADER_OK = "#+ summary: S\n#+ params:\n#+   country: {type: country, var: c}\n"
BODY = "SELECT ?x WHERE { ?x ?p ?c }\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_packaged_queries_load_and_have_summaries() -> None:
    queries = load_queries()
    for name in [
        "releases",
        "people",
        "countries",
        "organizations",
        "initiatives",
        "meetings",
        "statements",
    ]:
        assert name in queries and queries[name].summary
    assert sorted(q[0] for q in list_queries()) == sorted(queries)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BODY, "no '#+' header"),
        ("#+ tags: [a]\n" + BODY, "needs a 'summary'"),
        ("#+ summary: S\n#+ params:\n#+   z: {type: country}\n" + BODY, "?z is not used"),
        ("#+ summary: S\n#+ params:\n#+   c: {type: colour}\n" + BODY, "needs a type"),
        ("#+ summary: S\n#+ colour: red\n" + BODY, "unknown header keys"),
        (HEADER_OK + "SELECT ?x WHERE { ?x ?p ?c ", "does not parse"),
        ("#+ summary: [unclosed\n" + BODY, "not valid YAML"),
    ],
)
def test_bad_query_files_are_refused_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataFileError) as info:
        load_queries(write(tmp_path, text))
    assert message in str(info.value) and "q.rq" in str(info.value)


def test_parameters_become_terms_in_a_values_block(tmp_path: Path) -> None:
    query = load_queries(write(tmp_path, HEADER_OK + BODY))["q"]
    bound = bind(query, parse_params(query, ["country=chn"]))
    text = with_values(query.text, bound)
    assert "VALUES (?c) { (<https://w3id.org/kg-diplo/id/country/CHN>) }" in text


@pytest.mark.parametrize("value", ['CHN"} ; DROP ALL', "C N", "<http://x>", "CH", "CHNN"])
def test_hostile_country_values_are_rejected(tmp_path: Path, value: str) -> None:
    query = load_queries(write(tmp_path, HEADER_OK + BODY))["q"]
    with pytest.raises(QueryError):
        bind(query, parse_params(query, [f"country={value}"]))


def test_string_values_are_escaped_not_spliced(tmp_path: Path) -> None:
    header = "#+ summary: S\n#+ params:\n#+   name: {type: string}\n"
    query = load_queries(write(tmp_path, header + "SELECT ?x WHERE { ?x ?p ?name }\n"))["q"]
    text = with_values(query.text, bind(query, parse_params(query, ['name=a" } DROP ALL { "'])))
    assert 'VALUES (?name) { ("a\\" } DROP ALL { \\"") }' in text


def test_unknown_and_malformed_parameters(tmp_path: Path) -> None:
    query = load_queries(write(tmp_path, HEADER_OK + BODY))["q"]
    with pytest.raises(QueryError, match="no parameter 'colour'"):
        parse_params(query, ["colour=red"])
    with pytest.raises(QueryError, match="KEY=VALUE"):
        parse_params(query, ["country"])
