"""The development corpus end to end: every release ingests, re-ingest adds nothing,
every saved query answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import ingest
from kg.queries import bind, load_queries, parse_params, with_values
from kg.store import EmbeddedStore

REQUIRED = {
    "meetings-between": ["a=KOR", "b=CHN"],
    "shared-initiatives": ["a=KOR", "b=CHN"],
    "dyad-timeline": ["a=KOR", "b=JPN"],
    "positions": ["country=KOR"],
    "counterparts": ["country=KOR"],
}


@pytest.fixture(scope="module")
def corpus_store(corpus: Path, tmp_path_factory: pytest.TempPathFactory, pipeline):  # type: ignore[no-untyped-def]
    store = EmbeddedStore(tmp_path_factory.mktemp("corpus") / "store")
    report = ingest([corpus / "index.jsonl"], store, pipeline)
    return store, report


def test_all_25_releases_ingest_without_error(corpus_store) -> None:  # type: ignore[no-untyped-def]
    store, report = corpus_store
    assert [o.message for o in report.failed] == []
    assert len(report.stored) == 25 and len(store.graphs()) == 25


def test_reingesting_leaves_the_quad_count_unchanged(corpus: Path, corpus_store, pipeline) -> None:  # type: ignore[no-untyped-def]
    store, _ = corpus_store
    before = store.quad_count()
    ingest([corpus / "index.jsonl"], store, pipeline)
    ingest([corpus], store, pipeline)
    assert store.quad_count() == before and len(store.graphs()) == 25
    # counted from the graphs' markers, it is what a scan of the store counts
    assert before == sum(1 for _ in store.quads())


def test_every_saved_query_answers_on_the_corpus(corpus_store) -> None:  # type: ignore[no-untyped-def]
    store, _ = corpus_store
    for name, query in load_queries().items():
        text = with_values(query.text, bind(query, parse_params(query, REQUIRED.get(name, []))))
        _, rows = store.select(text)
        assert rows, name


def test_meetings_with_china_span_several_releases(corpus_store) -> None:  # type: ignore[no-untyped-def]
    store, _ = corpus_store
    query = load_queries()["meetings"]
    _, rows = store.select(with_values(query.text, bind(query, parse_params(query, ["country=CHN"]))))
    releases = {str(r["release"].value) for r in rows}  # type: ignore[union-attr]
    assert len(releases) >= 4
