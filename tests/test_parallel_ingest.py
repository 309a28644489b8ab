"""Streaming, parallel ingest: worker processes, batches, atomic releases, N-Quads shards."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import require_program
from helpers import run_kg
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.mapping import graph_to_nquads, triples_to_nquads
from kg.pipeline import Outcome, ingest, stream
from kg.store import JOURNAL, EmbeddedStore

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def quads(store: EmbeddedStore, graph: str) -> set[str]:
    return {str(q) for q in store.quads(graph)}


def test_two_workers_store_what_one_process_stores(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    one, two = EmbeddedStore(tmp_path / "one"), EmbeddedStore(tmp_path / "two")
    serial = ingest([SAMPLES], one, pipeline)
    parallel = ingest([SAMPLES], two, pipeline, jobs=2)
    assert [o.name for o in parallel.outcomes] == [o.name for o in serial.outcomes]
    assert not parallel.failed and len(parallel.stored) == 3
    assert one.graphs() == two.graphs()
    for graph in one.graphs():
        assert quads(one, graph) == quads(two, graph)
    again = ingest([SAMPLES], two, pipeline, jobs=2)
    assert not again.failed and two.quad_count() == one.quad_count()


class Recorder:
    """A sink that records its batches, or refuses them."""

    def __init__(self, refuse: bool = False) -> None:
        self.batches: list[list[str]] = []
        self.refuse = refuse

    def replace_graphs(self, graphs: Sequence[tuple[str, str]]) -> None:
        if self.refuse:
            raise OSError("disk full")
        self.batches.append([name for name, _ in graphs])


def manifest(tmp_path: Path, count: int) -> Path:
    lines = [
        f'{{"text": "Foreign Minister Park Jin met with Foreign Minister Wang Yi in Seoul on May {i + 1}, '
        f'2023.", '
        f'"url": "https://kg.example.org/r/{i}", "publisher": "mofa-kr", "published": "2023-05-{i + 1:02d}"}}'
        for i in range(count)
    ]
    lines.insert(3, "not json")
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_outcomes_in_input_order_each_after_its_batch_is_written(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    sink = Recorder()
    seen: list[tuple[Outcome, int]] = []
    for outcome in stream([manifest(tmp_path, 9)], sink, pipeline, batch_releases=4):
        seen.append((outcome, len(sink.batches)))
    names = [o.name for o, _ in seen]
    assert names == sorted(names, key=lambda n: int(n.rsplit(":", 1)[1]))
    assert [o.status for o, _ in seen].count("failed") == 1  # the line that is not JSON
    assert [len(b) for b in sink.batches] == [3, 4, 2]
    for i, (outcome, written) in enumerate(seen):
        assert written == i // 4 + 1, f"{outcome.name} was reported before its batch was written"


def test_a_refused_batch_fails_its_releases(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    outcomes = list(stream([manifest(tmp_path, 2)], Recorder(refuse=True), pipeline))
    assert [o.status for o in outcomes] == ["failed", "failed", "failed"]
    assert "disk full" in outcomes[0].message and "ingest it again" in outcomes[1].message
    assert "not valid JSON" in outcomes[2].message


def nquads(graph: str, n: int) -> str:
    return "".join(f'<urn:s{i}> <urn:p> "{i}" <{graph}> .\n' for i in range(n))


def test_a_bulk_load_that_breaks_leaves_no_half_release(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs([("urn:g:kept", nquads("urn:g:kept", 3))])
    broken = nquads("urn:g:new", 5) + "this is not N-Quads\n"
    with pytest.raises(SyntaxError):
        store.replace_graphs([("urn:g:new", broken), ("urn:g:kept", nquads("urn:g:kept", 4))])
    assert store.graphs() == []  # both releases of the batch are absent, neither is half there
    assert not (tmp_path / "store" / JOURNAL).exists()


def test_a_journal_left_by_a_crash_drops_its_graphs_on_open(tmp_path: Path) -> None:
    path = tmp_path / "store"
    raw = ox.Store(str(path))
    raw.bulk_load(
        nquads("urn:g:half", 2).encode() + nquads("urn:g:whole", 2).encode(), format=ox.RdfFormat.N_QUADS
    )
    raw.flush()
    del raw
    (path / JOURNAL).write_text("urn:g:half\n", encoding="utf-8")
    store = EmbeddedStore(path)
    assert store.graphs() == ["urn:g:whole"]
    assert not (path / JOURNAL).exists()


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return run_kg(*args)


def test_emit_nquads_shards_hold_what_the_store_holds(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    result = kg("ingest", str(SAMPLES), "--emit", "nquads", str(shards), "-j", "2", "-q")
    assert result.returncode == 0, result.stderr
    assert "1 shard(s)" in result.stderr
    assert kg("ingest", str(SAMPLES), "--store", str(tmp_path / "store"), "-q").returncode == 0
    emitted = ox.Store()
    for shard in sorted(shards.glob("part-*.nq")):
        emitted.load(path=str(shard), format=ox.RdfFormat.N_QUADS)
    stored = ox.Store.read_only(str(tmp_path / "store"))
    assert {str(q) for q in emitted} == {str(q) for q in stored}
    refused = kg("ingest", str(SAMPLES), "--emit", "nquads", str(shards))
    assert refused.returncode == 2 and "already holds N-Quads shards" in refused.stderr


def test_emitted_shards_load_with_the_oxigraph_server_loader(tmp_path: Path) -> None:
    beside = Path(sys.executable).with_name("oxigraph")  # installed with the test extras
    oxigraph = str(beside) if beside.exists() else require_program("oxigraph")
    shards = tmp_path / "shards"
    assert kg("ingest", str(SAMPLES), "--emit", "nquads", str(shards), "-q").returncode == 0
    files = [str(p) for p in sorted(shards.glob("part-*.nq"))]
    loaded = subprocess.run(
        [oxigraph, "load", "--location", str(tmp_path / "server"), "--file", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    server = ox.Store.read_only(str(tmp_path / "server"))
    assert len(list(server.named_graphs())) == 3


def rdflib_nquads(name: URIRef, graph: Graph) -> str:
    """N-Quads as kg wrote them before it had its own writer: through rdflib's serializer."""
    lines = [line.strip()[:-2] + f" {name.n3()} ." for line in graph.serialize(format="nt").splitlines()]
    return "".join(line + "\n" for line in sorted(line for line in lines if line != f" {name.n3()} ."))


ESCAPED = st.sampled_from('\n\r"\\')


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(exclude_categories=["Cs", "Zl", "Zp", "Cc"]) | st.sampled_from('\n\r"\\'))
)
def test_fast_nquads_writer_matches_rdflib(text: str) -> None:
    name = URIRef("https://kg.example.org/g")
    graph = Graph(identifier=name)
    subject, predicate = URIRef("https://kg.example.org/s"), URIRef("https://kg.example.org/p")
    graph.add((subject, predicate, Literal(text)))
    graph.add((subject, predicate, Literal(text, lang="ko")))
    graph.add(
        (subject, predicate, Literal(text + "1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string")))
    )
    assert triples_to_nquads(name, list(graph)) == graph_to_nquads(name, graph) == rdflib_nquads(name, graph)
