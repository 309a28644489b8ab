"""``kg eval``: score extraction against gold annotations (no store needed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kg.commands._common import EXIT_NO, EXIT_OK


def add_parser(sub: Any) -> None:
    p = sub.add_parser("eval", help="score extraction against gold annotations (precision, recall, F1)")
    p.add_argument("gold", type=Path, metavar="GOLD_DIR", help="folder of gold JSON files (and split.json)")
    p.add_argument(
        "releases",
        nargs="*",
        metavar="RELEASES",
        help="release files, folders or manifests (default: GOLD_DIR); prefer a manifest: "
        "its publisher and date are used to resolve dates",
    )
    p.add_argument("--split", choices=["dev", "heldout", "all"], default="all", help="part of split.json")
    p.add_argument("--misses", action="store_true", help="list every false negative and false positive")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 once scored (the scores are the answer); 1 if a release failed to read or
    extract; 2 for bad gold or no release found (raised, mapped by :func:`kg.cli.main`)."""
    from kg.evaluation import format_report, run_eval

    report = run_eval(args.gold, args.releases, args.split)
    for stem in report.missing:
        print(f"kg: {stem}: no release found for this gold file; not scored", file=sys.stderr)
    for stem, error in report.failed:
        print(f"kg: {stem}: could not be read or extracted ({error}); scored as empty", file=sys.stderr)
    sys.stdout.write(format_report(report, args.format, args.misses))
    return EXIT_NO if report.failed else EXIT_OK
