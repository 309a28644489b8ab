"""Reading dates written in the ways press releases write them.

Used twice: for the published date of a page and, by the extractor, for dates in the
text. A date is returned at the precision written; a missing year stays missing
(``DayMonth``) until the caller can resolve it from context.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from kg.model import PartialDate

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

MONTH_RE = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# a day range before or after the month: "3-6 March", "from 3 to 6 March", "March 3-6"
_DAYS = rf"(?:from\s+)?{_DAY}(?:\s*(?:[-–]|to)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_DAY_RANGE_AFTER = r"(?:\s*[-–]\s*(?P<day2>[0-3]?\d)(?!\d|:))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{MONTH_RE})\s+{_DAY}{_DAY_RANGE_AFTER}(?:\s*,\s*|\s+){_YEAR}\b", re.IGNORECASE
)
DAY_MONTH_YEAR = re.compile(rf"\b{_DAYS}\s+(?P<month>{MONTH_RE})\s*,?\s+{_YEAR}\b", re.IGNORECASE)
MONTH_DAY = re.compile(rf"\b(?P<month>{MONTH_RE})\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b{_DAYS}\s+(?P<month>{MONTH_RE})\b(?!\s*,?\s*(?:19|20)\d\d)", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"\b(?:in\s+)?(?P<month>{MONTH_RE})\s+{_YEAR}\b", re.IGNORECASE)
# "in July", "in September": a month of the year the context gives (not "July 14")
MONTH_ONLY = re.compile(
    rf"\b(?:in|since|until|from|by|of)\s+(?:early\s+|mid-|late\s+)?(?P<month>{MONTH_RE})(?![\w.]|\s+\d)",
    re.IGNORECASE,
)
# "in 2015", "since 1992": a year on its own
YEAR_ONLY = re.compile(r"\b(?:in|since|of|for)\s+(?P<year>(?:19|20)\d\d)\b(?![-–]\d)")


def month_number(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: ``year`` is None when the text gives only day and month."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    end_day: int | None = None

    def resolve(self, year: int | None, basis: str) -> PartialDate | None:
        """Return the date, filling a missing year with ``year`` (recorded as ``basis``)."""
        if self.year is not None:
            return _valid(self.year, self.month, self.day, "explicit")
        if year is None:
            return None
        return _valid(year, self.month, self.day, basis)

    def resolve_end(self, year: int | None, basis: str) -> PartialDate | None:
        """The last day of a range ("3-6 March"), or None when the date is a single day."""
        if self.end_day is None:
            return None
        chosen = self.year if self.year is not None else year
        if chosen is None:
            return None
        return _valid(chosen, self.month, self.end_day, "explicit" if self.year is not None else basis)


def _valid(year: int, month: int | None, day: int | None, basis: str) -> PartialDate | None:
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return PartialDate(year, month, day, basis)


def find_dates(text: str) -> list[DateMatch]:
    """All dates in ``text``, left to right, the most specific reading of each span."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    patterns: list[tuple[re.Pattern[str], bool, bool]] = [
        (ISO_DATE, True, True),
        (MONTH_DAY_YEAR, True, True),
        (DAY_MONTH_YEAR, True, True),
        (MONTH_YEAR, True, False),
        (MONTH_DAY, False, True),
        (DAY_MONTH, False, True),
        (MONTH_ONLY, False, False),
        (YEAR_ONLY, True, False),
    ]
    for pattern, has_year, has_day in patterns:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            groups = m.groupdict()
            month_text = groups.get("month")
            if month_text is None:
                found.append(DateMatch(m.start("year"), m.end(), int(groups["year"]), None, None))
                taken.append((m.start(), m.end()))
                continue
            month = int(month_text) if month_text.isdigit() else month_number(month_text)
            found.append(
                DateMatch(
                    m.start(),
                    m.end(),
                    int(groups["year"]) if has_year else None,
                    month,
                    int(groups["day"]) if has_day else None,
                    int(groups["day2"]) if groups.get("day2") else None,
                )
            )
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def parse_published(value: str) -> PartialDate | None:
    """Read a published date given as metadata ("2020-08-26", "August 2, 2018", "2015")."""
    value = value.strip()
    if re.fullmatch(r"(?:19|20)\d\d", value):
        return PartialDate(int(value))
    if m := re.fullmatch(r"((?:19|20)\d\d)-([01]\d)", value):
        return _valid(int(m[1]), int(m[2]), None, "explicit")
    for match in find_dates(value):
        if match.year is not None:
            return match.resolve(None, "explicit")
    return None
