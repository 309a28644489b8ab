"""Paragraphs and sentences of the clean text, with character offsets.

Sentence splitting is rule-based and data-driven (``lexicon/abbreviations.txt``): it must
keep offsets exact, cope with bullets and initials ("S.M. Krishna", "Sergey V. Lavrov")
and run at thousands of releases a second, which general-purpose splitters do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.ingest.cleanup import MARKER
from kg.model import Paragraph, Sentence

_BOUNDARY = re.compile(r"[.!?][”’\"')\]]*(?=\s+[\"“‘'(▲]?[A-Z0-9])")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z]")


def layout(paragraph_texts: Iterable[str]) -> tuple[str, tuple[Paragraph, ...]]:
    """Join paragraphs with blank lines; return the text and each paragraph's span."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, body in enumerate(paragraph_texts):
        if parts:
            parts.append("\n\n")
            offset += 2
        marker = MARKER.match(body)
        paragraphs.append(Paragraph(index, offset, offset + len(body), marker["marker"] if marker else None))
        parts.append(body)
        offset += len(body)
    return "".join(parts), tuple(paragraphs)


def split_sentences(
    text: str, paragraphs: Iterable[Paragraph], abbreviations: frozenset[str]
) -> tuple[Sentence, ...]:
    """Split each paragraph (after its marker) into sentences with exact offsets."""
    sentences: list[Sentence] = []
    for paragraph in paragraphs:
        body_start = paragraph.start
        marker = MARKER.match(text, paragraph.start, paragraph.end)
        if marker:
            body_start = marker.end()
        start = body_start
        for m in _BOUNDARY.finditer(text, body_start, paragraph.end):
            end = m.end()
            if _is_abbreviation(text[start : m.start() + 1], abbreviations):
                continue
            _add(sentences, text, start, end, paragraph.index)
            start = end
        _add(sentences, text, start, paragraph.end, paragraph.index)
    return tuple(sentences)


def _is_abbreviation(before: str, abbreviations: frozenset[str]) -> bool:
    token = _TOKEN_BEFORE.search(before)
    if token is None:
        return False
    word = re.split(r"[-/–]", token.group(1).lstrip("(“\"‘'"))[-1]
    if word.lower() in abbreviations:
        return True
    return _INITIALS.fullmatch(word.rstrip(".") + ".") is not None and len(word) <= 4


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end], paragraph))
