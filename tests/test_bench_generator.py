"""The synthetic corpus generator: reproducible, streamed, in the genre, and ingestible."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bench.generate import corpus as synthetic
from bench.generate import release, write_corpus
from kg.pipeline import ingest
from kg.store import EmbeddedStore


def test_same_seed_and_index_give_the_same_release() -> None:
    assert release(7, 123) == release(7, 123)
    assert release(7, 123) != release(8, 123)
    assert [r.file for r in synthetic(7, 30)] == [release(7, i).file for i in range(30)]
    assert len({r.file for r in synthetic(7, 300)}) == 300


def test_written_corpus_has_a_manifest_and_both_formats(tmp_path: Path) -> None:
    manifest = write_corpus(tmp_path, seed=3, size=60)
    entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert len(entries) == 60
    assert {"file", "url", "title", "published", "publisher"} <= set(entries[0])
    assert all((tmp_path / e["file"]).is_file() for e in entries)
    suffixes = {Path(e["file"]).suffix for e in entries}
    assert suffixes == {".txt", ".html"}


def test_releases_read_like_readouts() -> None:
    texts = [r.text for r in synthetic(11, 40)]
    joined = "\n".join(texts)
    for phrase in ("met with", "telephone", "agreed", "proposed", "Strategic Dialogue", "diplomatic ties"):
        assert phrase in joined, phrase
    assert any("바로가기" in t for t in texts), "Korean menu boilerplate"
    assert any(t.lstrip().startswith("<!DOCTYPE html>") for t in texts)
    lengths = sorted(len(t) for t in texts)
    assert 800 < lengths[len(lengths) // 2] < 4000


def test_no_sentence_is_copied_from_the_development_corpus(corpus: Path) -> None:
    generated = " ".join(r.text for r in synthetic(5, 200))
    for path in corpus.glob("*.txt"):
        words = re.findall(r"\w+", path.read_text(encoding="utf-8"))
        for i in range(0, max(0, len(words) - 12), 6):
            assert " ".join(words[i : i + 12]) not in generated, path.name


def test_generated_releases_ingest_with_facts(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    manifest = write_corpus(tmp_path / "corpus", seed=1, size=12)
    store = EmbeddedStore(tmp_path / "store")
    report = ingest([manifest], store, pipeline)
    assert not report.failed and len(report.stored) == 12
    _, rows = store.select(
        "PREFIX dip: <https://w3id.org/kg-diplo/ontology#> "
        "SELECT (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?s) AS ?statements) WHERE { "
        "{ GRAPH ?g { ?m a dip:Meeting } } UNION { GRAPH ?g { ?s a dip:Statement } } }"
    )
    assert int(str(rows[0]["meetings"].value)) >= 12  # type: ignore[union-attr]
    assert int(str(rows[0]["statements"].value)) >= 12 * 4  # type: ignore[union-attr]
