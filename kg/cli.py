"""The ``kg`` command: parse arguments, call the library, format output.

Each subcommand is a module in :mod:`kg.commands` with ``add_parser(subparsers)`` and
``run(args) -> int``; they are discovered, so adding a command touches no other file.
Data goes to stdout, progress and diagnostics to stderr. Exit codes: 0 ok; 1 a "no"
answer (some inputs failed, violations found, nothing to drop); 2 bad input or usage.
Heavy libraries are imported inside ``run`` so ``kg --help`` and ``kg queries`` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from kg import __version__, commands
from kg.errors import DataFileError, InputError, KgError, QueryError, StoreError
from kg.secrets import scrub

EXIT_OK, EXIT_NO, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="A knowledge graph of diplomatic relations from press releases."
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"kg.commands.{info.name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (QueryError, DataFileError, StoreError, InputError) as exc:
        print(f"kg: {scrub(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KgError as exc:
        print(f"kg: {scrub(str(exc))}", file=sys.stderr)  # no credential a server echoed
        return EXIT_NO
