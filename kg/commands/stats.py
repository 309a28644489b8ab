"""``kg stats``: how much the store holds."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kg.commands._common import EXIT_OK, add_store_option, store_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser("stats", help="count releases, quads, actors, meetings, statements")
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.formats import render
    from kg.queries import load_queries
    from kg.store import EmbeddedStore

    store = EmbeddedStore(store_path(args), read_only=True)
    variables, rows = store.select(load_queries()["stats"].text)
    sys.stdout.write(render(variables, rows, "table"))
    print(f"quads: {store.quad_count()}")
    return EXIT_OK
