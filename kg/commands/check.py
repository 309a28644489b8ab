"""``kg check``: every graph in the store whole, every release graph SHACL-valid."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kg.commands._common import EXIT_NO, EXIT_OK, add_store_option, store_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="check the store: every graph complete, every release graph with its provenance and SHACL-valid",
    )
    p.add_argument("--no-shacl", action="store_true", help="skip the SHACL shapes (only completeness)")
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.integrity import check_store
    from kg.store import EmbeddedStore
    from kg.validate import ShapeGate

    store = EmbeddedStore(store_path(args), read_only=True)
    report = check_store(store, None if args.no_shacl else ShapeGate())
    for finding in report.findings:
        print(finding)
    verdict = f"{len(report.findings)} problem(s)" if report.findings else "every graph complete and valid"
    summary = f"checked {report.graphs} graph(s), {report.releases} release(s) in {store.path}: {verdict}"
    print(summary, file=sys.stderr)
    return EXIT_NO if report.findings else EXIT_OK
