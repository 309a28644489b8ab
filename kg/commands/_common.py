"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_NO, EXIT_USAGE = 0, 1, 2


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="embedded store folder (default: $KG_STORE or ./kg-store)",
    )


def store_path(args: argparse.Namespace) -> Path:
    from kg.store import default_store_path

    return args.store if args.store is not None else default_store_path()
