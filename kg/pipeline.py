"""The one-way flow: sources -> releases -> facts -> RDF -> SHACL gate -> store, streaming.

Every input gets an :class:`Outcome`, in input order; a failure is reported and the run
goes on. Releases are read, extracted, mapped, validated and serialised one by one, in
this process or in ``jobs`` worker processes, and their graphs are written in batches (one
bulk load, or one N-Quads shard, per batch). A release counts as stored once its batch
is written, and no more than two batches of graphs (one being written, one filling),
plus the releases in flight in the workers, are ever held in memory, whatever the number
of inputs.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from rdflib import URIRef

from kg import __version__
from kg.completeness import with_marker
from kg.errors import InputError, KgError, ValidationFailed
from kg.extract import extract
from kg.ingest import Problem, Source, expand, load_rules, read_release
from kg.lexicon import Lexicon, load_lexicon
from kg.mapping import Triple, release_triples, triples_to_nquads
from kg.model import Release
from kg.validate import ShapeGate

#: Releases per batch (one bulk load or one shard), and the N-Quads bytes that end a batch early.
BATCH_RELEASES = 500
BATCH_BYTES = 64 * 1024 * 1024
#: Sources sent to a worker at a time; each worker has at most two such chunks queued.
CHUNK = 16


class Sink(Protocol):
    """Where batches of release graphs go: the embedded store or N-Quads shards."""

    def replace_graphs(self, graphs: Sequence[tuple[str, str]]) -> None: ...


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: ``stored``, ``failed`` or ``skipped`` (not an error)."""

    name: str
    status: str
    message: str = ""
    release: str | None = None
    quads: int = 0
    #: the SHA-256 of the release text (stored releases), to tell two inputs with one name apart
    digest: str = ""


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def stored(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "stored"]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


@dataclass(frozen=True)
class Pipeline:
    """The configured stages; build once per batch with :func:`make_pipeline`."""

    lexicon: Lexicon
    gate: ShapeGate
    abbreviations: frozenset[str]

    def graph_for(self, source: Source) -> tuple[str, str]:
        """Read, extract, map and validate one source; return (graph IRI, N-Quads)."""
        _, name, triples = self._triples(source)
        return str(name), triples_to_nquads(name, triples)

    def graph_with_digest(self, source: Source) -> tuple[str, str, str]:
        """(graph IRI, N-Quads ending with the graph's completeness marker, text SHA-256).

        The marker is counted here, in a worker when there are several, rather than in the
        process that writes the store.
        """
        release, name, triples = self._triples(source)
        return str(name), with_marker(str(name), triples_to_nquads(name, triples)), release.content_sha256

    def _triples(self, source: Source) -> tuple[Release, URIRef, list[Triple]]:
        release = read_release(source, load_rules(), self.abbreviations)
        facts = extract(release, self.lexicon)
        name, triples = release_triples(facts, software_version=__version__)
        self.gate.check(triples, source.name)
        return release, name, triples


def make_pipeline(extra_lexicons: Sequence[Path] = ()) -> Pipeline:
    lexicon = load_lexicon(tuple(extra_lexicons))
    return Pipeline(lexicon, ShapeGate(), frozenset(a.casefold() for a in lexicon.abbreviations))


def ingest(
    inputs: Iterable[str | Path],
    store: Sink,
    pipeline: Pipeline,
    on_outcome: Callable[[Outcome], None] | None = None,
    *,
    jobs: int = 1,
) -> IngestReport:
    """Ingest everything and collect the outcomes (see :func:`stream` to keep memory flat)."""
    report = IngestReport()
    started = time.perf_counter()
    for outcome in stream(inputs, store, pipeline, jobs=jobs):
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    report.seconds = time.perf_counter() - started
    return report


def stream(
    inputs: Iterable[str | Path],
    sink: Sink,
    pipeline: Pipeline,
    *,
    jobs: int = 1,
    batch_releases: int = BATCH_RELEASES,
) -> Iterator[Outcome]:
    """Yield the outcome of each input in order, a batch at a time, once its batch is written.

    A batch is written in a background thread while the next one fills, so extraction
    never waits for the store's bulk load (Oxigraph releases the GIL while it loads).
    """
    batch: list[tuple[Outcome, str]] = []
    size = 0
    first: dict[str, tuple[str, str]] = {}  # release IRI -> (its first input, its text's hash)
    with ThreadPoolExecutor(1, thread_name_prefix="kg-writer") as writer:
        writing: Future[list[Outcome]] | None = None
        for processed in _processed(expand(list(inputs)), pipeline, jobs):
            outcome, nquads = _unique(*processed, first)
            batch.append((outcome, nquads))
            size += len(nquads)
            if len(batch) >= batch_releases or size >= BATCH_BYTES:
                if writing is not None:
                    yield from writing.result()
                writing = writer.submit(_written, batch, sink)
                batch, size = [], 0
        if writing is not None:
            yield from writing.result()
    yield from _write(batch, sink)


def _written(batch: list[tuple[Outcome, str]], sink: Sink) -> list[Outcome]:
    return list(_write(batch, sink))


def _unique(outcome: Outcome, nquads: str, first: dict[str, tuple[str, str]]) -> tuple[Outcome, str]:
    """Keep a later input from silently replacing an earlier one with the same release IRI.

    A release is named after its file name, so ``a/index.html`` and ``b/index.html`` are
    one release to kg: the second is skipped when its text is the first one's, and
    refused otherwise.
    """
    if outcome.status != "stored" or outcome.release is None:
        return outcome, nquads
    earlier, earlier_hash = first.setdefault(outcome.release, (outcome.name, outcome.digest))
    if earlier == outcome.name:
        return outcome, nquads
    if earlier_hash == outcome.digest:
        message = f"the same release as {earlier} (same name and text); stored once"
        return Outcome(outcome.name, "skipped", message), ""
    message = (
        f"has the release IRI of {earlier} ({outcome.release}) but another text: kg names a release after "
        "its file name, else its url; not stored (rename one of the two files)"
    )
    return Outcome(outcome.name, "failed", message), ""


def _write(batch: list[tuple[Outcome, str]], sink: Sink) -> Iterator[Outcome]:
    graphs = [(o.release, nquads) for o, nquads in batch if o.status == "stored" and o.release]
    try:
        if graphs:
            sink.replace_graphs(graphs)
    except (OSError, SyntaxError, ValueError) as exc:
        if len(graphs) > 1:  # find the graph the store refuses; store the others
            for outcome, nquads in batch:
                yield from _write([(outcome, nquads)], sink)
            return
        message = f"the store refused its batch ({type(exc).__name__}: {exc}); not stored, ingest it again"
        for outcome, _ in batch:
            yield Outcome(outcome.name, "failed", message) if outcome.status == "stored" else outcome
        return
    for outcome, _ in batch:
        yield outcome


def _processed(
    items: Iterator[Source | Problem], pipeline: Pipeline, jobs: int
) -> Iterator[tuple[Outcome, str]]:
    """Each item's outcome and N-Quads, in order; in ``jobs`` worker processes if jobs > 1."""
    if jobs <= 1:
        for item in items:
            yield _one(item, pipeline)
        return
    # spawn, not fork: the parent holds an open store whose threads a fork would not copy.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(pipeline,)
    ) as pool:
        pending: deque[Future[list[tuple[Outcome, str]]]] = deque()
        while chunk := list(islice(items, CHUNK)):
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


_worker_pipeline: list[Pipeline] = []  # set once in each worker process by _start_worker


def _start_worker(pipeline: Pipeline) -> None:
    _worker_pipeline.append(pipeline)


def _work(chunk: list[Source | Problem]) -> list[tuple[Outcome, str]]:
    return [_one(item, _worker_pipeline[0]) for item in chunk]


def _one(item: Source | Problem, pipeline: Pipeline) -> tuple[Outcome, str]:
    if isinstance(item, Problem):
        return Outcome(item.name, "failed" if item.fatal else "skipped", item.message), ""
    try:
        name, nquads, digest = pipeline.graph_with_digest(item)
    except ValidationFailed as exc:
        message = "its graph failed the SHACL gate; not stored:\n" + exc.report
        return Outcome(item.name, "failed", message), ""
    except InputError as exc:
        return Outcome(item.name, "failed", f"{exc.problem}" + (f" ({exc.fix})" if exc.fix else "")), ""
    except KgError as exc:
        return Outcome(item.name, "failed", str(exc)), ""
    except Exception as exc:
        message = f"internal error {type(exc).__name__}: {exc} (please report it with this file)"
        return Outcome(item.name, "failed", message), ""
    return Outcome(item.name, "stored", "", name, nquads.count("\n") - 1, digest), nquads
