"""Read one :class:`~kg.ingest.sources.Source` into a :class:`~kg.model.Release`."""

from __future__ import annotations

import hashlib
import re
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
MAX_BYTES = 20 * 1024 * 1024


def read_release(source: Source, rules: Rules, abbreviations: frozenset[str]) -> Release:
    """Decode, clean and structure a release; raise :class:`InputError` if it has no text."""
    raw = _raw_text(source)
    is_html = (source.path is not None and source.path.suffix.lower() in _HTML_SUFFIXES) or bool(
        _HTML_START.match(raw[:2048])
    )
    title, published_hint = source.title, source.published
    if is_html:
        article = extract_article(raw, source.url)
        raw = article.text
        title = title or article.title
        published_hint = published_hint or article.published
    cleaned = clean_text(raw, rules, title=title, one_paragraph_per_line=is_html)
    text, paragraphs = layout(cleaned.paragraphs)
    if not re.search(r"[A-Za-z]{2,}", text):
        raise InputError(
            source.name,
            "has no English text after removing page boilerplate",
            "kg reads English releases; check the file is the article",
        )
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
            raise InputError(
                source.name,
                f"is {size // (1024 * 1024)} MB, larger than a press release can be",
                f"split it; kg reads files up to {MAX_BYTES // (1024 * 1024)} MB",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source.name, f"cannot be read ({exc.strerror})") from exc
    if not data.strip():
        raise InputError(source.name, "is empty", "remove it from the batch")
    return decode_bytes(data, source.name)


def _key(source: Source, text: str) -> str:
    """The release's identity: its file name, else its URL, else a hash of its text."""
    if source.path is not None:
        return source.path.name
    if source.url:
        return source.url
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
