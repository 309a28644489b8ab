"""Page boilerplate rules, read from ``lexicon/boilerplate.csv`` and checked on load.

Each rule is a regular expression and an action:

``drop``               remove a line that matches in full
``drop-next-number``   remove the line, and the next line if it is only a number (hit counters)
``published``          remove the line; its ``date`` group is the published date
``published-next``     remove the line; the next non-empty line is the published date
``trim-start``         cut a match at the very start of the text (``date`` group: published)
``trim-end``           cut a match at the very end of the text
``dateline``           read the published date from a dateline near the start, keep the text
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import DataFileError
from kg.resources import data_dir

LINE_ACTIONS = frozenset({"drop", "drop-next-number", "published", "published-next"})
TEXT_ACTIONS = frozenset({"trim-start", "trim-end", "dateline"})
_NEEDS_DATE = frozenset({"published", "dateline"})


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    action: str
    why: str


@dataclass(frozen=True)
class Rules:
    line: tuple[Rule, ...]
    text: tuple[Rule, ...]


def load_rules(path: Path | None = None) -> Rules:
    """Read and check the boilerplate rules (the packaged file by default)."""
    path = path or data_dir("lexicon") / "boilerplate.csv"
    return _load(path)


@lru_cache(maxsize=4)
def _load(path: Path) -> Rules:
    line: list[Rule] = []
    text: list[Rule] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(f"{path}: cannot read boilerplate rules ({exc})") from exc
    for number, row in enumerate(rows, start=2):
        where = f"{path}:{number}"
        action = (row.get("action") or "").strip()
        if action not in LINE_ACTIONS | TEXT_ACTIONS:
            known = ", ".join(sorted(LINE_ACTIONS | TEXT_ACTIONS))
            raise DataFileError(f"{where}: unknown action {action!r} (use one of {known})")
        flags = re.IGNORECASE if action != "dateline" else 0
        try:
            pattern = re.compile(row.get("pattern") or "", flags | re.DOTALL)
        except re.error as exc:
            raise DataFileError(f"{where}: the pattern is not a valid regex ({exc})") from exc
        if action in _NEEDS_DATE and "date" not in pattern.groupindex:
            raise DataFileError(f"{where}: a {action} rule needs a (?P<date>...) group")
        rule = Rule(pattern, action, (row.get("why") or "").strip())
        (line if action in LINE_ACTIONS else text).append(rule)
    return Rules(tuple(line), tuple(text))
