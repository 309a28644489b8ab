"""HTML pages to article text, title and published date.

trafilatura finds the article and drops navigation, menus, scripts and footers; when it
finds nothing (tiny or odd pages) lxml's text of the body, minus those elements, is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
import trafilatura
from trafilatura.settings import Document

_CHROME = "//script|//style|//noscript|//nav|//header|//footer|//aside|//form|//template"


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None
    published: str | None


def extract_article(html: str, url: str | None = None) -> Article:
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
        return Article("", None, None)
    for element in tree.xpath(_CHROME):
        element.drop_tree()
    title_nodes = tree.xpath("//title/text()")
    title = str(title_nodes[0]).strip() if title_nodes else None
    body = tree.find("body")
    text = (body if body is not None else tree).text_content()
    return Article(text, title, None)
