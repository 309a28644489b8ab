"""``kg ingest``: read releases into the embedded store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kg.commands._common import EXIT_NO, EXIT_OK, add_store_option, store_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser("ingest", help="read releases (files, folders, .jsonl manifests) into the store")
    p.add_argument("inputs", nargs="+", help="release files, folders or JSON Lines manifests")
    p.add_argument("--lexicon", action="append", type=Path, default=[], help="extra lexicon file or folder")
    p.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.pipeline import Outcome, ingest, make_pipeline
    from kg.store import EmbeddedStore

    pipeline = make_pipeline(args.lexicon)
    path = store_path(args)
    store = EmbeddedStore(path)

    def show(outcome: Outcome) -> None:
        if outcome.status == "failed":
            first, *rest = outcome.message.splitlines() or [""]
            print(f"kg: {outcome.name}: {first}", file=sys.stderr)
            for line in rest:
                print(f"    {line}", file=sys.stderr)
        elif outcome.status == "skipped":
            print(f"kg: {outcome.name}: {outcome.message}", file=sys.stderr)
        elif not args.quiet:
            print(f"stored {outcome.name} ({outcome.quads} quads)", file=sys.stderr)

    report = ingest(args.inputs, store, pipeline, show)
    stored, failed = len(report.stored), len(report.failed)
    print(
        f"{stored} stored, {failed} failed in {report.seconds:.2f} s; store {path} holds "
        f"{len(store.graphs())} releases, {store.quad_count()} quads",
        file=sys.stderr,
    )
    return EXIT_NO if failed else EXIT_OK
