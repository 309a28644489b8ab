"""``kg drop RELEASE_IRI``: remove one release's named graph."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kg.commands._common import EXIT_NO, EXIT_OK, add_store_option, store_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser("drop", help="remove one release's named graph")
    p.add_argument("release", help="the release IRI (see `kg query releases`)")
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.store import EmbeddedStore

    store = EmbeddedStore(store_path(args))
    if not store.drop_graph(args.release):
        print(f"kg: {args.release}: no such release graph (see `kg query releases`)", file=sys.stderr)
        return EXIT_NO
    print(f"dropped {args.release}", file=sys.stderr)
    return EXIT_OK
