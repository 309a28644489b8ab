"""Bytes to text, refusing what is not text with a message that says what to do."""

from __future__ import annotations

import codecs

from kg.errors import InputError

_BINARY_SAMPLE = 4096


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a release file: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Anything else is refused rather than guessed, because a wrong guess silently puts
    mojibake into the graph.
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                source, f"UTF-16 text is damaged at byte {exc.start}", "re-save it as UTF-8"
            ) from exc
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        if _utf16_without_bom(sample):
            raise InputError(source, "looks like UTF-16 without a byte-order mark", "re-save it as UTF-8")
        raise InputError(source, "looks like a binary file, not text", "give a .txt, .html or .jsonl release")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            source,
            f"holds NUL bytes from byte {nul} on (a damaged or partly binary file)",
            "check the file and re-save the text as UTF-8",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"is not valid UTF-8 (byte {exc.start})",
            "convert it to UTF-8, e.g. iconv -f CP949 -t UTF-8",
        ) from exc
    return text


def _utf16_without_bom(sample: bytes) -> bool:
    """Mostly-ASCII UTF-16: every other byte NUL, at the even (BE) or odd (LE) offsets."""
    pairs = len(sample) // 2
    if pairs < 4:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) >= 0.9 * pairs
