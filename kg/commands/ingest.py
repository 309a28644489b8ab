"""``kg ingest``: read releases into the store, or into N-Quads shards for a server store."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from kg.commands._common import EXIT_NO, EXIT_OK, add_store_option, store_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser("ingest", help="read releases (files, folders, .jsonl manifests) into the store")
    p.add_argument("inputs", nargs="+", help="release files, folders or JSON Lines manifests")
    p.add_argument("--lexicon", action="append", type=Path, default=[], help="extra lexicon file or folder")
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="worker processes that read, extract and validate releases (0: one per core; default 1)",
    )
    p.add_argument(
        "--emit",
        nargs=2,
        metavar=("nquads", "DIR"),
        help="write N-Quads shards (DIR/part-NNNNN.nq, one named graph per release) for a server's "
        "bulk loader instead of the embedded store",
    )
    p.add_argument(
        "--batch",
        type=_positive,
        default=None,
        metavar="N",
        help="releases written per batch (default 500); a crash or kill loses at most the batch in progress",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only failures: no progress bar")
    add_store_option(p)
    p.set_defaults(run=run)


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("the number of processes cannot be negative")
    return jobs or os.cpu_count() or 1


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of releases")
    return int(value)


def run(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.pipeline import Sink, make_pipeline, stream

    sink: Sink
    if args.emit:
        from kg.shards import ShardWriter

        kind, folder = args.emit
        if kind != "nquads":
            raise InputError(f"--emit {kind}", "is not a format kg emits", "use --emit nquads DIR")
        sink = ShardWriter(Path(folder))
    else:
        from kg.store import EmbeddedStore

        sink = EmbeddedStore(store_path(args))
    pipeline = make_pipeline(args.lexicon)
    progress = _Progress(args.inputs, quiet=args.quiet)
    stored = failed = quads = 0
    batch = {"batch_releases": args.batch} if args.batch else {}
    for outcome in stream(args.inputs, sink, pipeline, jobs=args.jobs, **batch):
        progress.update(outcome)
        stored += outcome.status == "stored"
        failed += outcome.status == "failed"
        quads += outcome.quads
    seconds = progress.close()
    rate = f"{stored / seconds:.0f} releases/s, " if seconds else ""
    print(
        f"{stored} stored, {failed} failed in {seconds:.2f} s ({rate}{quads} quads); {_holds(sink)}",
        file=sys.stderr,
    )
    return EXIT_NO if failed else EXIT_OK


def _holds(sink: object) -> str:
    from kg.shards import ShardWriter
    from kg.store import EmbeddedStore

    if isinstance(sink, ShardWriter):
        return f"{len(sink.written)} shard(s) in {sink.folder}"
    assert isinstance(sink, EmbeddedStore)
    # not the store's totals: counting 30M quads takes seconds, longer than adding a release
    return f"store {sink.path} (`kg stats` gives its totals)"


class _Progress:
    """A progress bar (releases/s, ETA) on a terminal; else one line per release unless quiet.

    Failures and skipped inputs are always printed. Counting the inputs for the ETA costs
    one extra pass over folders and manifests (paths only, no release is read).
    """

    def __init__(self, inputs: list[str], *, quiet: bool) -> None:
        import time

        self.quiet = quiet
        self.started = time.perf_counter()
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            from kg.ingest import expand

            total = sum(1 for _ in expand(inputs))
            self.bar = tqdm(total=total, unit=" releases", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def update(self, outcome: Any) -> None:
        if outcome.status == "failed":
            first, *rest = outcome.message.splitlines() or [""]
            self.say(f"kg: {outcome.name}: {first}")
            for line in rest:
                self.say(f"    {line}")
        elif outcome.status == "skipped":
            self.say(f"kg: {outcome.name}: {outcome.message}")
        elif not self.quiet and self.bar is None:
            self.say(f"stored {outcome.name} ({outcome.quads} quads)")
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> float:
        import time

        if self.bar is not None:
            self.bar.close()
        return time.perf_counter() - self.started
