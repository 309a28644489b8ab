"""The one exception hierarchy of kg.

Every message names the input it is about and, where there is one, the fix.
The CLI maps these to exit codes; library code never calls ``sys.exit``.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """A release file, manifest line or parameter that kg cannot use (exit code 2)."""

    def __init__(self, source: str, problem: str, fix: str = "") -> None:
        self.source = source
        self.problem = problem
        self.fix = fix
        message = f"{source}: {problem}"
        if fix:
            message += f" ({fix})"
        super().__init__(message)


class DataFileError(KgError):
    """A lexicon, ontology, shape or saved-query file that fails its check on load."""


class ValidationFailed(KgError):
    """A release graph that does not conform to the SHACL shapes; it is not stored."""

    def __init__(self, source: str, report: str) -> None:
        self.source = source
        self.report = report
        super().__init__(f"{source}: graph does not conform to the SHACL shapes:\n{report}")


class StoreError(KgError):
    """The store cannot be opened or written (in use, wrong folder, damaged)."""


class QueryError(KgError):
    """A saved query that is unknown, or parameters that do not fit its header."""
