"""`kg check` finds what a crash or a hand edit can do to a release graph, and names it."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.completeness import QUADS
from kg.integrity import check_store
from kg.pipeline import ingest
from kg.store import JOURNAL, EmbeddedStore
from kg.validate import ShapeGate

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
QINGDAO = "https://w3id.org/kg-diplo/id/release/mofa-kr-2022-08-09-korea-china-fm-qingdao-txt"
SCHEMA_TEXT = ox.NamedNode("https://schema.org/text")
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
GRAPH = ox.NamedNode(QINGDAO)


@pytest.fixture
def store_path(tmp_path: Path, pipeline) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    assert not ingest([SAMPLES], store, pipeline).failed
    store.close()
    return path


def tamper(path: Path, change: Callable[[ox.Store], None]) -> None:
    """Change the store behind kg's back, as a crash or a hand edit would."""
    raw = ox.Store(str(path))
    change(raw)
    raw.flush()
    del raw
    gc.collect()


def findings(path: Path) -> list[str]:
    store = EmbeddedStore(path, read_only=True)
    try:
        return [str(f) for f in check_store(store, ShapeGate()).findings]
    finally:
        store.close()


def test_a_fresh_store_passes(store_path: Path) -> None:
    assert findings(store_path) == []


def test_a_half_written_release_is_found(store_path: Path) -> None:
    def drop_some(raw: ox.Store) -> None:
        for quad in list(raw.quads_for_pattern(None, None, None, GRAPH))[::3]:
            if quad.predicate.value != QUADS:
                raw.remove(quad)

    tamper(store_path, drop_some)
    found = findings(store_path)
    assert found[0].startswith(f"{QINGDAO}: incomplete: it holds ") and "ingest the release again" in found[0]
    assert all(f.startswith(QINGDAO) for f in found)  # the other releases are whole


def test_a_graph_without_its_marker_is_found(store_path: Path) -> None:
    tamper(
        store_path,
        lambda raw: raw.remove(next(raw.quads_for_pattern(GRAPH, ox.NamedNode(QUADS), None, GRAPH))),
    )
    assert [f for f in findings(store_path) if "no completeness marker" in f] == [
        f"{QINGDAO}: incomplete: no completeness marker, so its write was cut short (or predates it); "
        "ingest the release again"
    ]


def test_an_altered_text_and_a_broken_shape_are_found(store_path: Path) -> None:
    def alter(raw: ox.Store) -> None:
        (text,) = raw.quads_for_pattern(GRAPH, SCHEMA_TEXT, None, GRAPH)
        raw.remove(text)
        raw.add(ox.Quad(GRAPH, SCHEMA_TEXT, ox.Literal(text.object.value + " (edited)"), GRAPH))
        (title,) = raw.quads_for_pattern(GRAPH, TITLE, None, GRAPH)
        raw.remove(title)
        integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        raw.add(ox.Quad(GRAPH, TITLE, ox.Literal("7", datatype=integer), GRAPH))

    tamper(store_path, alter)
    found = findings(store_path)
    assert any("its text does not match its content hash" in f for f in found), found
    assert any("fails the SHACL shapes" in f and "at most one title, a plain string" in f for f in found), (
        found
    )


def test_an_interrupted_batch_is_reported_until_a_writer_drops_it(store_path: Path) -> None:
    other = EmbeddedStore(store_path, read_only=True)  # another reader: no one may repair now
    (store_path / JOURNAL).write_text(QINGDAO + "\n", encoding="utf-8")
    try:
        assert any("an interrupted ingest left a batch of 1 release(s)" in f for f in findings(store_path))
    finally:
        other.close()
    assert findings(store_path) == []  # the next reader alone drops the half batch first
    assert QINGDAO not in EmbeddedStore(store_path, read_only=True).graphs()


def test_kg_check_lists_problems_and_exits_1(store_path: Path) -> None:
    tamper(store_path, lambda raw: raw.remove(next(raw.quads_for_pattern(GRAPH, SCHEMA_TEXT, None, GRAPH))))
    done = subprocess.run(
        [sys.executable, "-m", "kg", "check", "--store", str(store_path)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert all(line.startswith(QINGDAO + ": ") for line in done.stdout.splitlines()), done.stdout
    assert "its release has 0 texts" in done.stdout
    assert "checked 3 graph(s), 3 release(s)" in done.stderr
