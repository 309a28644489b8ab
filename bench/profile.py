"""Where the time of one release goes: cProfile over ``Pipeline.graph_for`` on synthetic releases.

    python -m bench.profile --size 1000 [--engine pyshacl] [--top 25]

Prints the milliseconds per release spent in each stage (read, extract, map, validate,
serialise) and the top of the profile by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from bench.generate import write_corpus

# Stage -> the functions whose cumulative time is that stage (old and new names).
STAGES = {
    "read": ("read_release",),
    "extract": ("extract",),
    "map": ("release_triples", "release_graph"),
    "validate": ("check",),
    "serialise": ("triples_to_nquads", "graph_to_nquads"),
}


def main(argv: list[str] | None = None) -> None:
    from kg.ingest import Source, expand
    from kg.pipeline import make_pipeline
    from kg.validate import ShapeGate

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engine", default="auto", help="the gate's engine: auto, compiled or pyshacl")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    pipeline = make_pipeline()
    if args.engine != "auto":
        pipeline = type(pipeline)(pipeline.lexicon, ShapeGate(engine=args.engine), pipeline.abbreviations)
    with tempfile.TemporaryDirectory() as folder:
        manifest = write_corpus(Path(folder), args.seed, args.size)
        sources = [s for s in expand([manifest]) if isinstance(s, Source)]
        pipeline.graph_for(sources[0])  # compile the lexicon's regexes outside the profile
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for source in sources:
            pipeline.graph_for(source)
        profile.disable()
        wall = time.perf_counter() - started
    stats = pstats.Stats(profile)
    per_function: dict[str, float] = {}
    for (_file, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        per_function[name] = max(per_function.get(name, 0.0), row[3])
    each = wall / len(sources) * 1000
    print(f"{len(sources)} releases, {each:.1f} ms each under cProfile (engine {args.engine})")
    for stage, names in STAGES.items():
        seconds = max((per_function.get(n, 0.0) for n in names), default=0.0)
        print(f"  {stage:10s} {seconds / len(sources) * 1000:6.2f} ms/release")
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
