"""Golden test: the whole graph of the seed release, compared by graph isomorphism.

A change in extraction or mapping that alters the seed's graph fails here; if the change
is intended, regenerate with ``KG_UPDATE_GOLDEN=1 pytest tests/test_golden_release.py``
and review the diff of ``tests/data/golden/seed-release.nq`` like code.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Dataset
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.ingest import Source

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "samples" / "mofa-kr-2022-08-09-korea-china-fm-qingdao.txt"
GOLDEN = REPO / "tests" / "data" / "golden" / "seed-release.nq"


def seed_nquads(pipeline) -> str:  # type: ignore[no-untyped-def]
    source = Source(
        name="samples/" + SEED.name,
        path=SEED,
        publisher="mofa-kr",
        title="Outcome of Korea-China Foreign Ministers’ Meeting",
    )
    _, nquads = pipeline.graph_for(source)
    return nquads


def test_seed_graph_matches_golden(pipeline) -> None:  # type: ignore[no-untyped-def]
    produced = seed_nquads(pipeline)
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.write_text(produced, encoding="utf-8")
    expected = Dataset().parse(data=GOLDEN.read_text(encoding="utf-8"), format="nquads")
    actual = Dataset().parse(data=produced, format="nquads")
    [expected_graph] = [g for g in expected.graphs() if len(g)]
    [actual_graph] = [g for g in actual.graphs() if len(g)]
    assert expected_graph.identifier == actual_graph.identifier
    if not isomorphic(expected_graph, actual_graph):
        _, missing, extra = graph_diff(to_isomorphic(expected_graph), to_isomorphic(actual_graph))
        lines = [f"- {t}" for t in sorted(missing)[:15]] + [f"+ {t}" for t in sorted(extra)[:15]]
        raise AssertionError("seed graph differs from the golden file:\n" + "\n".join(lines))


def test_same_release_twice_gives_identical_quads(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert seed_nquads(pipeline) == seed_nquads(pipeline)
