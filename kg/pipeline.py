"""The one-way flow for a batch: sources -> releases -> facts -> RDF -> SHACL gate -> store.

Every input gets an :class:`Outcome`; a failure is reported and the batch goes on. A
release graph enters the store only after it passed the gate, in one transactional load.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.errors import InputError, KgError, ValidationFailed
from kg.extract import extract
from kg.ingest import Problem, Source, expand, load_rules, read_release
from kg.lexicon import Lexicon, load_lexicon
from kg.mapping import release_triples, triples_to_nquads
from kg.store import EmbeddedStore
from kg.validate import ShapeGate


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
    store: EmbeddedStore,
    pipeline: Pipeline,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    started = time.perf_counter()
    for item in expand(list(inputs)):
        outcome = _one(item, store, pipeline)
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    store.flush()
    report.seconds = time.perf_counter() - started
    return report


def _one(item: Source | Problem, store: EmbeddedStore, pipeline: Pipeline) -> Outcome:
    if isinstance(item, Problem):
        return Outcome(item.name, "failed" if item.fatal else "skipped", item.message)
    try:
        name, nquads = pipeline.graph_for(item)
        quads = store.replace_graph(name, nquads)
    except ValidationFailed as exc:
        return Outcome(item.name, "failed", "its graph failed the SHACL gate; not stored:\n" + exc.report)
    except InputError as exc:
        return Outcome(item.name, "failed", f"{exc.problem}" + (f" ({exc.fix})" if exc.fix else ""))
    except KgError as exc:
        return Outcome(item.name, "failed", str(exc))
    except Exception as exc:
        return Outcome(
            item.name,
            "failed",
            f"internal error {type(exc).__name__}: {exc} (please report it with this file)",
        )
    return Outcome(item.name, "stored", "", name, quads)
