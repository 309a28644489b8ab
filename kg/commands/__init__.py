"""One module per ``kg`` subcommand: ``add_parser(subparsers)`` and ``run(args) -> int``."""
