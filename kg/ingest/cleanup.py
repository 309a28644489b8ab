"""Raw page text to the clean text kg stores, with the metadata the page shows.

The clean text is what every evidence offset points into, so everything that changes
characters (boilerplate removal, joining hard-wrapped lines, repairing glued words)
happens here, once, before sentences are split.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from kg.ingest.boilerplate import Rules

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u3000]+")
# every other character Python's splitlines() treats as a line break ends a line here too
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
# Control characters (XML 1.0 forbids most of them, so GraphML and GEXF exports would
# break) and lone surrogates (which cannot be written as UTF-8 at all).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
MARKER = re.compile(r"(?P<marker>\d{1,2}\.(?!\d)|\(\d{1,2}\)|[°º◦ㅇ▲ο•※◈\-*·]|o(?=\s+[A-Z‘“\"']))\s+")
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.DOTALL)
# Function words glued to the next capitalised word ("inSingapore", "onJune 14").
_GLUED = re.compile(r"\b(in|on|at|of|the|and|to|with|for|from|during|between|by)(?=[A-Z][a-z])")
_GLUED_APOSTROPHE = re.compile(r"(?<=[a-z]s[’'])(?=[A-Z][a-z])")
_GLUED_COMMA = re.compile(r"(?<=[A-Za-z\d]),(?=[A-Z][a-z])")
_SENTENCE_END = re.compile(r"[.!?:;,”\"’)]\s*$")
_NON_WORDS = re.compile(r"\W+")
_TITLE_TAG = re.compile(r"^\[[^\]]*\]\s*")


@dataclass(frozen=True)
class Cleaned:
    """Paragraph texts (markers kept) plus what the page said about itself."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    published: str | None = None
    url: str | None = None
    notes: tuple[str, ...] = field(default=())


def normalise(raw: str) -> str:
    text = _LINE_BREAKS.sub("\n", raw.replace("\r\n", "\n"))
    text = _INVISIBLE.sub("", text)
    text = _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))
    text = unicodedata.normalize("NFC", text)
    return "\n".join(_SPACES.sub(" ", line).rstrip() for line in text.split("\n"))


def _front_matter(text: str) -> tuple[str, dict[str, object]]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    try:
        data = yaml.safe_load(match["body"])
    except yaml.YAMLError:
        return text, {}
    if not isinstance(data, dict):
        return text, {}
    return text[match.end() :], data


def _same_title(block: str, title: str) -> bool:
    wanted = _title_key(title)
    if not wanted:
        return False
    candidate = _comparable(block)
    return candidate == wanted or re.fullmatch(re.escape(wanted) + r" \d{1,2}", candidate) is not None


def _comparable(value: str) -> str:
    value = value.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _NON_WORDS.sub(" ", value).strip().lower()


@lru_cache(maxsize=256)  # compared with every block of its release
def _title_key(title: str) -> str:
    return _comparable(_TITLE_TAG.sub("", title))


def _heading_like(block: str) -> bool:
    """A one-line block without sentence punctuation: a page heading, not body text.

    "◈" marks sub-headings in MOFA Korea's e-newsletter, so it does not make a paragraph.
    """
    marker = MARKER.match(block)
    return (
        "\n" not in block
        and len(block) < 160
        and not _SENTENCE_END.search(block)
        and (marker is None or marker["marker"] == "◈")
    )


def repair_glued_words(text: str) -> str:
    text = _GLUED.sub(r"\1 ", text)
    text = _GLUED_APOSTROPHE.sub(" ", text)
    return _GLUED_COMMA.sub(", ", text)


def clean_text(raw: str, rules: Rules, *, title: str | None, one_paragraph_per_line: bool) -> Cleaned:
    """Strip boilerplate from ``raw`` and split it into paragraphs.

    ``title`` (from a manifest or the HTML head) is removed from the body; without one,
    the first heading-like line before the body becomes the title. With
    ``one_paragraph_per_line`` (text from HTML) every line is a paragraph; otherwise
    blank lines and bullet markers separate paragraphs and other line breaks are hard
    wraps, joined with a space.
    """
    text, front = _front_matter(normalise(raw))
    published: str | None = None
    url = str(front["source_url"]) if front.get("source_url") else None
    for key in ("date", "published", "published_time"):
        if front.get(key) and published is None:
            published = str(front[key])
    if front.get("title") and not title:
        title = re.sub(r"\s+", " ", str(front["title"])).strip()

    text = text.strip()
    for rule in rules.text:
        if rule.action == "trim-start" and (m := rule.pattern.match(text)):
            published = published or m.groupdict().get("date")
            text = text[m.end() :].lstrip()
        elif rule.action == "trim-end" and (m := rule.pattern.search(text)) and m.end() == len(text):
            text = text[: m.start()].rstrip()
        elif rule.action == "dateline" and (m := rule.pattern.match(text[:300])):
            published = published or m["date"]

    lines = text.split("\n")
    kept: list[str] = []
    skip_number = False
    want_date = False
    for line in lines:
        stripped = line.strip()
        if want_date and stripped:
            want_date = False
            published = published or stripped
            continue
        if skip_number and stripped:
            skip_number = False
            if stripped.isdigit():
                continue
        if not stripped:
            kept.append("")
            continue
        if title and _same_title(stripped, title):
            continue
        matched = None
        for rule in rules.line:
            if m := rule.pattern.fullmatch(stripped):
                matched = (rule, m)
                break
        if matched is None:
            kept.append(line)
            continue
        rule, m = matched
        if rule.action == "published":
            published = published or m["date"]
        elif rule.action == "published-next":
            want_date = True
        elif rule.action == "drop-next-number" and not any(ch.isdigit() for ch in stripped):
            skip_number = True

    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", "\n".join(kept)) if b.strip()]
    if title:
        blocks = [b for b in blocks if not _same_title(" ".join(b.split()), title)]
    body_start = next((i for i, b in enumerate(blocks) if not _heading_like(b)), 0)
    headings = blocks[:body_start]
    if not title and headings:
        title = headings[0]
    paragraphs: list[str] = []
    for block in blocks[body_start:]:
        paragraphs.extend(_paragraphs(block, one_paragraph_per_line))
    cleaned = tuple(repair_glued_words(p) for p in paragraphs if p)
    return Cleaned(cleaned, title, published, url)


def _paragraphs(block: str, one_per_line: bool) -> list[str]:
    result: list[str] = []
    for raw_line in block.split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        if one_per_line or not result or MARKER.match(line):
            result.append(line)
        elif result[-1].endswith("-") and line[:1].islower():
            result[-1] = result[-1] + line
        else:
            result[-1] = result[-1] + " " + line
    return result
