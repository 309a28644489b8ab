"""HTML pages to article text, title and published date.

trafilatura finds the article and drops navigation, menus, scripts and footers; when it
finds nothing (tiny or odd pages) lxml's text of the body, minus those elements, is used.
libxml2 gives up on elements nested deeper than 256 levels (broken or hostile pages), so
when lxml finds no words either, the standard library's tokenizer, which keeps no tree,
reads the text instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.html

_CHROME = "//script|//style|//noscript|//nav|//header|//footer|//aside|//form|//template"
_CHROME_TAGS = frozenset(_CHROME.replace("//", "").split("|"))
_BLOCK_TAGS = frozenset(
    ["p", "div", "br", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"]
)


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None
    published: str | None


def extract_article(html: str, url: str | None = None) -> Article:
    # imported here: trafilatura takes a tenth of a second to import, which a text-only
    # ingest (or adding one release to a store) need not pay
    import trafilatura
    from trafilatura.settings import Document

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if isinstance(document, Document) and document.text:
        return Article(document.text, document.title or None, document.date or None)
    return _fallback(html)


def _fallback(html: str) -> Article:
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return _tokenised(html)
    for element in tree.xpath(_CHROME):
        element.drop_tree()
    title_nodes = tree.xpath("//title/text()")
    title = str(title_nodes[0]).strip() if title_nodes else None
    body = tree.find("body")
    text = (body if body is not None else tree).text_content()
    if not re.search(r"\w{2,}", text):
        return _tokenised(html)
    return Article(text, title, None)


def _tokenised(html: str) -> Article:
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    title = " ".join("".join(reader.title).split()) or None
    return Article("".join(reader.parts), title, None)


class _TextReader(HTMLParser):
    """Text outside page chrome, a line break per block element, at any nesting depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skipping = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CHROME_TAGS:
            self.skipping += 1
        elif tag == "title":
            self.in_title = True
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _CHROME_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)
