"""When things happened: the release's reference date and dates near a mention.

The reference date is the published date. Without one, the year is inferred from the
text itself and the way it was inferred is recorded as the date's ``basis``:

* "text-full-date": the first full date the text writes ("On July 24, 2016 ...");
* "text-anniversary": "the past 30 years since the establishment of ties in 1992".

A day-month with no way to fix its year stays unknown: kg never guesses a year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from kg.dates import DateMatch, find_dates, month_number
from kg.model import PartialDate, Release

_YEARS_SINCE = re.compile(
    r"\b(?:past|last)\s+(?P<n>\d{1,3})\s+years\s+since\b.{0,120}?\b(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE | re.DOTALL,
)
_UNGA_SESSION = re.compile(
    r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:regular\s+)?session\s+of\s+the\s+"
    r"(?:UN|United Nations)\s+General\s+Assembly",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?P<phrase>today|this (?:morning|afternoon|evening)|tonight|yesterday|tomorrow"
    r"|(?:have|has|had) just (?:concluded|held|finished|wrapped up)"
    r"|(?P<month_first>January|February|March|April|May|June|July|August|September|October|November"
    r"|December) (?:this|last|next) year"
    r"|(?:earlier |later )?this (?:year|month)|(?:at the end of |early |late )?last (?:year|month)"
    r"|next (?:year|month)|(?:last|this|next) (?P<month>January|February|March|April|May|June|July"
    r"|August|September|October|November|December))\b",
    re.IGNORECASE,
)


_MONTH_NAMES = frozenset(calendar.month_name[1:])


@dataclass(frozen=True)
class Reference:
    """The date the release speaks from, to the precision known."""

    date: PartialDate | None

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


def reference_for(release: Release) -> Reference:
    if release.published is not None:
        return Reference(release.published)
    for match in find_dates(release.text):
        if match.year is not None and match.day is not None:
            return Reference(PartialDate(match.year, match.month, match.day, "text-full-date"))
    since = _YEARS_SINCE.search(release.text)
    if since:
        return Reference(PartialDate(int(since["year"]) + int(since["n"]), basis="text-anniversary"))
    session = _UNGA_SESSION.search(release.text)
    if session:
        # the Nth regular session of the General Assembly opens in September of 1945 + N
        return Reference(PartialDate(1945 + int(session["n"]), basis="text-unga-session"))
    return Reference(None)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def relative_date(phrase: str, month_name: str | None, ref: Reference) -> PartialDate | None:
    """Resolve "today", "last year", "last September" ... against the reference date."""
    if ref.date is None:
        return None
    d = ref.date
    p = phrase.casefold()
    if p.endswith(" year") and p.split()[0].capitalize() in _MONTH_NAMES:
        month = month_number(p.split()[0])
        shift = {"this": 0, "last": -1, "next": 1}[p.split()[1]]
        return PartialDate(d.year + shift, month, None, "relative") if month else None
    if " just " in p:
        return PartialDate(d.year, d.month, d.day, "relative") if d.day else None
    if month_name:
        month = month_number(month_name)
        if month is None:
            return None
        if p.startswith("last"):
            year = d.year - 1 if d.month is None or month >= d.month else d.year
            return PartialDate(year, month, None, "relative") if d.month else None
        if p.startswith("next"):
            return PartialDate(
                d.year + 1 if d.month and month <= d.month else d.year, month, None, "relative"
            )
        return PartialDate(d.year, month, None, "relative")
    if p in {"today", "tonight"} or (
        p.startswith("this ") and p.split()[-1] in {"morning", "afternoon", "evening"}
    ):
        return PartialDate(d.year, d.month, d.day, "relative") if d.day else None
    if p in {"yesterday", "tomorrow"}:
        return None
    if p.endswith("this year"):
        return PartialDate(d.year, None, None, "relative")
    if p.endswith("last year"):
        return PartialDate(d.year - 1, None, None, "relative")
    if p == "next year":
        return PartialDate(d.year + 1, None, None, "relative")
    if d.month is None:
        return None
    if p.endswith("this month"):
        return PartialDate(d.year, d.month, None, "relative")
    if p.endswith("last month"):
        y, m = _shift_month(d.year, d.month, -1)
        return PartialDate(y, m, None, "relative")
    if p == "next month":
        y, m = _shift_month(d.year, d.month, 1)
        return PartialDate(y, m, None, "relative")
    return None


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    date: PartialDate
    end_date: PartialDate | None = None


def dates_in(text: str, start: int, end: int, ref: Reference) -> list[FoundDate]:
    """Every date between ``start`` and ``end`` resolved against ``ref``, in order."""
    found: list[FoundDate] = []
    segment = text[start:end]
    matches: list[DateMatch] = find_dates(segment)
    basis = ref.date.basis if ref.date else "text"
    for m in matches:
        resolved = m.resolve(ref.year, basis)
        if resolved is None:
            continue
        end_date = m.resolve_end(ref.year, basis)
        rng = re.match(r"\s*[-–]\s*(\d{1,2})\b(?!:)", segment[m.end :])
        if end_date is None and rng and resolved.day is not None:
            end_date = PartialDate(resolved.year, resolved.month, int(rng.group(1)), resolved.basis)
        found.append(FoundDate(start + m.start, start + m.end, resolved, end_date))
    for r in _RELATIVE.finditer(segment):
        if any(f.start <= start + r.start() < f.end for f in found):
            continue
        resolved = relative_date(r["phrase"], r["month"], ref)
        if resolved is not None:
            found.append(FoundDate(start + r.start(), start + r.end(), resolved))
    return sorted(found, key=lambda f: f.start)
