"""The one-way flow: sources -> releases -> facts -> RDF -> SHACL gate -> store, streaming.

Every input gets an :class:`Outcome`, in input order; a failure is reported and the run
goes on. Releases are read, extracted, mapped, validated and serialised one by one, in
this process or in ``jobs`` worker processes, and their graphs are written in batches (one
bulk load, or one N-Quads shard, per batch). A release counts as stored once its batch
is written, and no more than one batch of graphs, plus the releases in flight in the
workers, is ever held in memory, whatever the number of inputs.
"""

from __future__ import annotations

import multiprocessing
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from kg import __version__
from kg.errors import InputError, KgError, ValidationFailed
from kg.extract import extract
from kg.ingest import Problem, Source, expand, load_rules, read_release
from kg.lexicon import Lexicon, load_lexicon
from kg.mapping import release_triples, triples_to_nquads
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
        rules = load_rules()
        release = read_release(source, rules, self.abbreviations)
        facts = extract(release, self.lexicon)
        name, triples = release_triples(facts, software_version=__version__)
        self.gate.check(triples, source.name)
        return str(name), triples_to_nquads(name, triples)


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
    """Yield the outcome of each input in order, a batch at a time, once its batch is written."""
    batch: list[tuple[Outcome, str]] = []
    size = 0
    first: dict[str, tuple[str, str]] = {}  # release IRI -> (its first input, its text's hash)
    for processed in _processed(expand(list(inputs)), pipeline, jobs):
        outcome, nquads = _unique(*processed, first)
        batch.append((outcome, nquads))
        size += len(nquads)
        if len(batch) >= batch_releases or size >= BATCH_BYTES:
            yield from _write(batch, sink)
            batch, size = [], 0
    yield from _write(batch, sink)


_TEXT_HASH = re.compile(r'contentSha256> "([0-9a-f]{64})"')


def _unique(outcome: Outcome, nquads: str, first: dict[str, tuple[str, str]]) -> tuple[Outcome, str]:
    """Keep a later input from silently replacing an earlier one with the same release IRI.

    A release is named after its file name, so ``a/index.html`` and ``b/index.html`` are
    one release to kg: the second is skipped when its text is the first one's, and
    refused otherwise.
    """
    if outcome.status != "stored" or outcome.release is None:
        return outcome, nquads
    found = _TEXT_HASH.search(nquads)
    text_hash = found[1] if found else ""
    earlier, earlier_hash = first.setdefault(outcome.release, (outcome.name, text_hash))
    if earlier == outcome.name:
        return outcome, nquads
    if earlier_hash == text_hash:
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
        name, nquads = pipeline.graph_for(item)
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
    return Outcome(item.name, "stored", "", name, nquads.count("\n")), nquads
