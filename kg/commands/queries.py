"""``kg queries``: list the saved queries (reads only their headers, so it starts fast)."""

from __future__ import annotations

import argparse
from typing import Any

from kg.commands._common import EXIT_OK


def add_parser(sub: Any) -> None:
    p = sub.add_parser("queries", help="list the saved queries")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.queries import list_queries

    for name, summary, tags in list_queries():
        print(f"{name:<22} {summary}" + (f"  [{', '.join(tags)}]" if tags else ""))
    return EXIT_OK
