"""Read one :class:`~kg.ingest.sources.Source` into a :class:`~kg.model.Release`."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from pathlib import Path

from kg.dates import parse_published
from kg.errors import InputError
from kg.ingest.boilerplate import Rules
from kg.ingest.cleanup import clean_text
from kg.ingest.decode import decode_bytes
from kg.ingest.html import extract_article
from kg.ingest.sources import Source
from kg.ingest.structure import layout, split_sentences
from kg.model import Release

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
#: The largest release file read. Larger ones are refused before being read, so a huge
#: file never fills memory; HTML pages of this size already take trafilatura ~15 s.
MAX_BYTES = 10 * 1024 * 1024
#: The longest clean text extracted: extraction time grows faster than the text (a
#: 250,000-character text takes ~5 s, a 1,000,000-character one ~100 s), and no press
#: release comes near it; longer texts are refused with a message, not ground through.
MAX_TEXT = 500_000


def read_release(source: Source, rules: Rules, abbreviations: frozenset[str]) -> Release:
    """Decode, clean and structure a release; raise :class:`InputError` if it has no text."""
    raw = _raw_text(source)
    if not raw.strip():
        raise InputError(source.name, "holds only white space", "remove it from the batch")
    is_html = (source.path is not None and source.path.suffix.lower() in _HTML_SUFFIXES) or bool(
        _HTML_START.match(raw[:2048])
    )
    title, published_hint = source.title, source.published
    if is_html:
        article = extract_article(raw, source.url)
        raw = article.text
        title = title or article.title
        published_hint = published_hint or article.published
    _check_length(source.name, len(raw), 2 * MAX_TEXT)  # before cleaning it: boilerplate is never most of it
    cleaned = clean_text(raw, rules, title=title, one_paragraph_per_line=is_html)
    text, paragraphs = layout(cleaned.paragraphs)
    _check_length(source.name, len(text), MAX_TEXT)
    if not re.search(r"[A-Za-z]{2,}", text):
        raise _not_english(source.name, text, is_html)
    sentences = split_sentences(text, paragraphs, abbreviations)
    published_text = published_hint or cleaned.published
    published = parse_published(published_text) if published_text else None
    if published is not None:
        published = type(published)(published.year, published.month, published.day, "published")
    return Release(
        key=_key(source, text),
        text=text,
        source=source.name,
        media_type="text/html" if is_html else "text/plain",
        paragraphs=paragraphs,
        sentences=sentences,
        url=source.url or cleaned.url,
        title=title or cleaned.title,
        published=published,
        publisher=source.publisher,
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _raw_text(source: Source) -> str:
    if source.text is not None:
        return source.text
    assert source.path is not None
    path: Path = source.path
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_big(source.name, size)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # bounded, even if the file grows meanwhile
    except OSError as exc:
        raise InputError(source.name, f"cannot be read ({exc.strerror})", "check its permissions") from exc
    if len(data) > MAX_BYTES:
        raise _too_big(source.name, len(data))
    if not data.strip():
        raise InputError(source.name, "is empty", "remove it from the batch")
    return decode_bytes(data, source.name)


def _too_big(name: str, size: int) -> InputError:
    megabytes = MAX_BYTES // (1024 * 1024)
    return InputError(
        name,
        f"is {size / (1024 * 1024):.0f} MB, larger than a press release can be; not read",
        f"split it into one file per release; kg reads files up to {megabytes} MB",
    )


def _check_length(name: str, length: int, limit: int) -> None:
    if length > limit:
        raise InputError(
            name,
            f"has {length:,} characters of text, more than a press release can have",
            f"split it into one file per release; kg reads texts up to {MAX_TEXT:,} characters",
        )


def _not_english(name: str, text: str, is_html: bool) -> InputError:
    """Say which script the text is in, or that there is none (a page built by scripts)."""
    scripts = Counter(
        unicodedata.name(ch, "?").split()[0] for ch in text[:2000] if ch.isalpha() and ord(ch) > 0x24F
    )
    if scripts:
        script = scripts.most_common(1)[0][0].title()
        return InputError(
            name,
            f"has no English text (it is written in {script} script)",
            "kg reads English releases: use the English version of the page",
        )
    if is_html:
        return InputError(
            name,
            "has no article text (the page may build it with scripts)",
            "save the rendered article, or its text as .txt",
        )
    return InputError(
        name, "has no English text after removing page boilerplate", "check the file is the article"
    )


def _key(source: Source, text: str) -> str:
    """The release's identity: its file name, else its URL, else a hash of its text."""
    if source.path is not None:
        return source.path.name
    if source.url:
        return source.url
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
