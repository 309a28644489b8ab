"""Deterministic IRIs for everything kg mints.

The same key always gives the same IRI, so re-ingesting a release gives identical quads.
Patterns (``{slug}`` is :func:`slugify` of the key, ``{release}`` is :func:`release_slug`):

=================  ===========================================================
release            ``id/release/{release}``
publisher          ``id/publisher/{slug of name}``
run                ``id/run/{software version, percent-encoded}``
software           ``id/software/kg``
span               ``id/span/{release}/{start}-{end}`` (+ ``/position``, ``/quote``)
country            ``id/country/{ISO3}``
organisation       ``id/org/{slug of key}``
person             ``id/person/{slug of key}``
post               ``id/post/{ISO3 | slug of org key | any}/{slug of title}``
initiative         ``id/initiative/{slug of key}``
place              ``id/place/{slug of label}``
meeting            ``id/meeting/{release}/{slug of key}``
statement          ``id/statement/{release}/{slug of key}``
concepts           ``act/{name}``, ``meeting-kind/{kind}``, ``status/{status}``,
                   ``modality/{modality}``, ``initiative-kind/{kind}``
=================  ===========================================================

All under ``https://w3id.org/kg-diplo/``. Wikidata entities are
``http://www.wikidata.org/entity/Q…``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlsplit

from rdflib import URIRef

from kg.vocab import ACTS, INITIATIVE_KINDS, MEETING_KINDS, MODALITIES, STATUSES

__all__ = [
    "ACT_SCHEME",
    "BASE",
    "ID",
    "INITIATIVE_KIND_SCHEME",
    "MEETING_KIND_SCHEME",
    "MODALITY_SCHEME",
    "SOFTWARE_AGENT",
    "STATUS_SCHEME",
    "act_iri",
    "country_iri",
    "initiative_iri",
    "initiative_kind_iri",
    "meeting_iri",
    "meeting_kind_iri",
    "modality_iri",
    "org_iri",
    "person_iri",
    "place_iri",
    "position_selector_iri",
    "post_iri",
    "publisher_iri",
    "quote_selector_iri",
    "release_iri",
    "release_slug",
    "run_iri",
    "slugify",
    "span_iri",
    "statement_iri",
    "status_iri",
    "wikidata_iri",
]

BASE = "https://w3id.org/kg-diplo/"
#: Base of every resource kg mints from the data.
ID = BASE + "id/"

ACT_SCHEME = URIRef(BASE + "act")
MEETING_KIND_SCHEME = URIRef(BASE + "meeting-kind")
STATUS_SCHEME = URIRef(BASE + "status")
MODALITY_SCHEME = URIRef(BASE + "modality")
INITIATIVE_KIND_SCHEME = URIRef(BASE + "initiative-kind")

SOFTWARE_AGENT = URIRef(ID + "software/kg")

_MAX_SLUG = 80
_CUT = 64
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def _sha8(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _shorten(slug: str) -> str:
    if len(slug) <= _MAX_SLUG:
        return slug
    return slug[:_CUT].rstrip("-") + "-" + _sha8(slug)


@lru_cache(maxsize=1 << 16)  # a release repeats its actors' names; a corpus repeats the releases' keys
def slugify(text: str) -> str:
    """A lower-case ASCII slug: accents stripped, non-alphanumeric runs become ``-``.

    At most 80 characters: a longer slug is cut to 64 and given ``-`` and 8 hex digits of
    the SHA-1 of the full slug. Text with no ASCII letter or digit at all (a name in
    another script) becomes ``u-`` and 8 hex digits of the SHA-1 of the text.
    """
    if not text or not text.strip():
        raise ValueError("cannot make an IRI slug from empty text")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if not slug:
        return "u-" + _sha8(text)
    return _shorten(slug)


def release_slug(key: str) -> str:
    """The slug of a release key: host, path and query of a URL, else the key itself."""
    if key.startswith(("http://", "https://")):
        parts = urlsplit(key)
        text = parts.netloc + parts.path
        if parts.query:
            text += "?" + parts.query
        return slugify(text)
    return slugify(key)


def _id(path: str) -> URIRef:
    return URIRef(ID + path)


def release_iri(key: str) -> URIRef:
    return _id(f"release/{release_slug(key)}")


def publisher_iri(name: str) -> URIRef:
    return _id(f"publisher/{slugify(name)}")


def run_iri(software_version: str) -> URIRef:
    """The extraction run of one software version (not of one moment: no timestamps)."""
    if not software_version:
        raise ValueError("the software version is empty")
    return _id(f"run/{quote(software_version, safe='')}")


def span_iri(release_key: str, start: int, end: int) -> URIRef:
    return _id(f"span/{release_slug(release_key)}/{start}-{end}")


def position_selector_iri(release_key: str, start: int, end: int) -> URIRef:
    return URIRef(span_iri(release_key, start, end) + "/position")


def quote_selector_iri(release_key: str, start: int, end: int) -> URIRef:
    return URIRef(span_iri(release_key, start, end) + "/quote")


def country_iri(iso3: str) -> URIRef:
    if not _ISO3.match(iso3):
        raise ValueError(f"{iso3!r} is not an ISO 3166 alpha-3 code (three capital letters)")
    return _id(f"country/{iso3}")


def org_iri(key: str) -> URIRef:
    return _id(f"org/{slugify(key)}")


def person_iri(key: str) -> URIRef:
    return _id(f"person/{slugify(key)}")


def post_iri(title: str, country: str | None = None, organization: str | None = None) -> URIRef:
    """A post of a state (ISO3) or, failing that, of an organisation, or ``any``."""
    if country:
        country_iri(country)  # checks the code
        owner = country
    elif organization:
        owner = slugify(organization)
    else:
        owner = "any"
    return _id(f"post/{owner}/{slugify(title)}")


def initiative_iri(key: str) -> URIRef:
    return _id(f"initiative/{slugify(key)}")


def place_iri(label: str) -> URIRef:
    return _id(f"place/{slugify(label)}")


def meeting_iri(release_key: str, meeting_key: str) -> URIRef:
    return _id(f"meeting/{release_slug(release_key)}/{slugify(meeting_key)}")


def statement_iri(release_key: str, statement_key: str) -> URIRef:
    return _id(f"statement/{release_slug(release_key)}/{slugify(statement_key)}")


def _concept(scheme: URIRef, names: tuple[str, ...], what: str, name: str) -> URIRef:
    if name not in names:
        raise ValueError(f"unknown {what} {name!r}; expected one of: {', '.join(names)}")
    return URIRef(f"{scheme}/{name}")


def act_iri(name: str) -> URIRef:
    return _concept(ACT_SCHEME, ACTS, "speech act", name)


def meeting_kind_iri(kind: str) -> URIRef:
    return _concept(MEETING_KIND_SCHEME, MEETING_KINDS, "meeting kind", kind)


def status_iri(status: str) -> URIRef:
    return _concept(STATUS_SCHEME, STATUSES, "meeting status", status)


def modality_iri(modality: str) -> URIRef:
    return _concept(MODALITY_SCHEME, MODALITIES, "modality", modality)


def initiative_kind_iri(kind: str) -> URIRef:
    return _concept(INITIATIVE_KIND_SCHEME, INITIATIVE_KINDS, "initiative kind", kind)


def wikidata_iri(qid: str) -> URIRef:
    """``Q148`` (or its entity IRI) → ``http://www.wikidata.org/entity/Q148``."""
    if qid.startswith(_WIKIDATA_ENTITY):
        qid = qid[len(_WIKIDATA_ENTITY) :]
    if not _QID.match(qid):
        raise ValueError(f"{qid!r} is not a Wikidata item id such as 'Q148'")
    return URIRef(_WIKIDATA_ENTITY + qid)
