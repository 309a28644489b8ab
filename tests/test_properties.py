"""Property-based tests: no text or HTML crashes ingest or extraction, every graph the
mapping emits passes the SHACL gate, and the store does not depend on ingest order."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import Problem, Source, expand, load_rules
from kg.ingest.reader import read_release
from kg.pipeline import ingest
from kg.store import EmbeddedStore

# Phrases of the genre, so that generated texts reach deep into the extractor, not only
# its "nothing found" paths.
PHRASES = [
    "Foreign Minister Seo Dong-hyun",
    "met with",
    "State Councilor and Minister of Foreign Affairs",
    "of China Wang Yi",
    "in Qingdao, Shandong Province,",
    "on August 9.",
    "The two sides agreed to",
    "hold the Strategic Dialogue",
    "asked China to support",
    "Korea's bid to host the World Expo in Busan",
    "the Regional Economy Partnership Agreement (RCEP)",
    "In response,",
    "stressed that",
    "he",
    "They",
    "1.",
    "o",
    "▲",
    "\n\n",
    "\n",
    "(",
    ")",
    '"',
    "’",
    ",",
    ".",
    "Mr. KONO Taro,",
    "H.E. Dr.",
    "on the sidelines of the 51st Munich Security Conference",
    "will attend",
    "last year",
    "today",
    "June 17-18",
    "3-6 March 2021",
    "10:10-10:55",
    "the Chinese side",
    "We",
    "I",
    "invited",
    "to visit Korea",
    "Secretary of State",
    "the Secretary",
    "and",
    "of the",
    "ASEAN",
    "UN",
    "DPRK",
    "Kang, Kyung-wha",
]
fragments = st.one_of(st.sampled_from(PHRASES), st.text(min_size=0, max_size=12))
release_text = st.lists(fragments, min_size=1, max_size=40).map(" ".join)
PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _graph(pipeline, text: str):  # type: ignore[no-untyped-def]
    return pipeline.graph_for(
        Source(name="generated", text=text, publisher="mofa-kr", published="2022-08-10")
    )


@PROPERTY
@given(text=release_text)
def test_any_release_text_ingests_extracts_maps_and_passes_the_gate(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    try:
        name, nquads = _graph(pipeline, text)
    except InputError:
        return  # refused with a message (e.g. no English text): allowed, never a crash
    assert name.startswith("https://w3id.org/kg-diplo/id/release/")
    assert all(line.endswith(f"<{name}> .") for line in nquads.splitlines())


@PROPERTY
@given(text=st.text(max_size=400))
def test_arbitrary_unicode_never_crashes(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(InputError):
        _graph(pipeline, text)


html_bits = st.one_of(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<script>x()</script>",
            "<nav>HOME</nav>",
            "<br>",
            "<table><tr><td>",
            "<!--",
            "-->",
            "<html>",
            "<body>",
            "&amp;",
            "&#x27;",
            "<",
            ">",
        ]
    ),
    fragments,
)


@PROPERTY
@given(parts=st.lists(html_bits, min_size=1, max_size=60))
def test_arbitrary_html_never_crashes(pipeline, parts: list[str]) -> None:  # type: ignore[no-untyped-def]
    html = "<!DOCTYPE html><html><body>" + "".join(parts)
    with contextlib.suppress(InputError):
        read_release(Source(name="page.html", text=html), load_rules(), pipeline.abbreviations)


SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.*"))


def _fingerprint(store: EmbeddedStore) -> tuple[int, str]:
    lines = sorted(str(q) for q in store.quads())
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations([p for p in SAMPLES if p.suffix in {".txt", ".html"}]))
def test_ingest_order_and_repetition_do_not_change_the_store(pipeline, tmp_path_factory, order) -> None:  # type: ignore[no-untyped-def]
    reference = EmbeddedStore(tmp_path_factory.mktemp("ref") / "store")
    ingest(sorted(order), reference, pipeline)
    shuffled = EmbeddedStore(tmp_path_factory.mktemp("shuffled") / "store")
    ingest(list(order), shuffled, pipeline)
    ingest(list(reversed(order)), shuffled, pipeline)
    assert _fingerprint(shuffled) == _fingerprint(reference)


# Bytes as they come off a disk or a scraper: a release's bytes, cut, spliced with noise,
# re-encoded; read from a file they either give a release or a one-line InputError.
release_bytes = st.one_of(
    st.binary(max_size=300),
    st.tuples(release_text, st.binary(max_size=20), st.integers(0, 400)).map(
        lambda t: (t[0].encode("utf-8")[: t[2]] + t[1] + t[0].encode("utf-8")[t[2] :])
    ),
    release_text.map(lambda text: text.encode("utf-16")),
)


@PROPERTY
@given(data=release_bytes, suffix=st.sampled_from([".txt", ".html"]))
def test_arbitrary_bytes_are_read_or_refused_in_one_line(pipeline, tmp_path_factory, data, suffix) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("bytes") / f"release{suffix}"
    path.write_bytes(data)
    try:
        pipeline.graph_for(Source(name=str(path), path=path))
    except InputError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)


manifest_line = st.one_of(
    st.text(max_size=80),
    st.dictionaries(
        st.sampled_from(["file", "text", "url", "title", "published", "publisher"]),
        st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
        max_size=4,
    ).map(json.dumps),
)


@PROPERTY
@given(lines=st.lists(manifest_line, max_size=8))
def test_any_manifest_gives_sources_and_named_problems_only(tmp_path_factory, lines) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("manifest")
    (folder / "a.txt").write_text("Foreign Minister Park Jin met Wang Yi.", encoding="utf-8")
    manifest = folder / "m.jsonl"
    text = "\n".join(line.replace("\n", " ") for line in lines)
    manifest.write_text(text, encoding="utf-8", errors="replace")
    for item in expand([manifest]):
        if isinstance(item, Problem):
            assert item.name.startswith(str(manifest)) and item.message and "\n" not in item.message
        else:
            assert item.path is None or item.path.resolve().is_relative_to(folder.resolve())


if not SAMPLES:  # pragma: no cover - the samples are part of the repository
    pytest.skip("no samples", allow_module_level=True)
