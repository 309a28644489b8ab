"""Talking to remote SPARQL endpoints politely: queries, credentials, retries, pacing.

Queries go through SPARQLWrapper (POST, URL-encoded, JSON results) and come back as the
same pyoxigraph terms the embedded store gives, so :mod:`kg.formats` renders remote and
local answers alike. Writes (:mod:`kg.publish`) use httpx with the same retry rules.

Every request carries a descriptive User-Agent (``$KG_USER_AGENT`` replaces it; public
services such as Wikidata ask for a contact address in it), a timeout, and is retried on
429 and 5xx with exponential backoff, honouring ``Retry-After``, within a total time
budget. Credentials come from ``$KG_ENDPOINT_USER``/``$KG_ENDPOINT_PASSWORD`` or from
netrc for the endpoint's host; they are never printed, and URLs that carry them are
refused (so they cannot leak into messages or shell history).
"""

from __future__ import annotations

import email.utils
import ipaddress
import netrc
import os
import random
import re
import time
import urllib.error
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg import __version__
from kg.errors import InputError, KgError
from kg.queries import SavedQuery
from kg.secrets import remember, scrub

T = TypeVar("T")

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
#: HTTP statuses that mean "try again later" rather than "this request is wrong".
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class RemoteError(KgError):
    """A remote endpoint refused a request, failed, or did not answer in time."""


class TransientError(Exception):
    """A failure worth retrying (429, 5xx, a dropped connection); carries Retry-After."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def user_agent() -> str:
    """``$KG_USER_AGENT``, else a name, version and where to read about kg."""
    return os.environ.get("KG_USER_AGENT") or (
        f"kg-diplo/{__version__} (https://w3id.org/kg-diplo/; diplomatic knowledge graph; "
        "set KG_USER_AGENT to add your contact address)"
    )


def redact(url: str) -> str:
    """The URL without user information or query string, safe to print."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def check_url(url: str, what: str = "--endpoint") -> str:
    """An absolute http(s) URL without credentials in it, else :class:`InputError`."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError(
            what,
            f"{redact(url) if parts.hostname else url!r} is not an http(s) URL",
            "give one such as http://127.0.0.1:7878/query",
        )
    if parts.username or parts.password:
        raise InputError(
            what,
            f"{redact(url)}: the URL carries credentials",
            "remove them and set KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or a ~/.netrc entry instead",
        )
    return url


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)
    #: "basic" or "digest" for SPARQLWrapper ($KG_ENDPOINT_AUTH); httpx follows the challenge.
    scheme: str = "basic"

    def __post_init__(self) -> None:
        remember(self.user, self.password)  # masked in anything a server sends back


def credentials_for(
    url: str, env: Mapping[str, str] | None = None, *, use_env: bool = True
) -> Credentials | None:
    """Credentials for ``url``: the environment first (if ``use_env``), then netrc by host.

    ``$NETRC`` names the netrc file (default ``~/.netrc``); a missing file means none.
    """
    env = os.environ if env is None else env
    scheme = env.get("KG_ENDPOINT_AUTH", "basic").lower()
    if scheme not in {"basic", "digest"}:
        raise InputError("KG_ENDPOINT_AUTH", f"{scheme!r} is not an HTTP auth scheme", "use basic or digest")
    user, password = env.get("KG_ENDPOINT_USER"), env.get("KG_ENDPOINT_PASSWORD")
    if use_env and (user or password):
        if not (user and password):
            missing = "KG_ENDPOINT_PASSWORD" if user else "KG_ENDPOINT_USER"
            raise InputError(missing, "is not set but its partner is", "set both, or neither")
        return Credentials(user, password, scheme)
    path = Path(env.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as exc:
        raise InputError(
            str(path), "cannot be read as a netrc file", f"fix line {getattr(exc, 'lineno', '?')}"
        ) from None
    if entry is None or not entry[2]:
        return None
    return Credentials(entry[0] or "", entry[2], scheme)


@dataclass
class Budget:
    """Retry rules and a deadline shared by every request of one command run."""

    seconds: float = 300.0
    attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    #: Minimum pause between two requests (rate limit); 0 for a local endpoint.
    interval: float = 0.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _deadline: float = field(default=0.0, init=False)
    _last: float = field(default=float("-inf"), init=False)

    def __post_init__(self) -> None:
        self._deadline = self.clock() + self.seconds

    def remaining(self) -> float:
        return self._deadline - self.clock()

    def pace(self) -> None:
        """Wait until ``interval`` has passed since the previous request."""
        wait = self._last + self.interval - self.clock()
        if wait > 0:
            self.sleep(wait)
        self._last = self.clock()

    def call(self, request: Callable[[], T], what: str) -> T:
        """Run ``request``, retrying :class:`TransientError` with backoff until the budget ends."""
        for attempt in range(1, self.attempts + 1):
            if self.remaining() <= 0:
                raise RemoteError(f"{what}: gave up, the time budget of {self.seconds:g} s is spent")
            self.pace()
            try:
                return request()
            except TransientError as exc:
                if attempt == self.attempts:
                    raise RemoteError(f"{what}: {exc} (gave up after {attempt} attempts)") from None
                delay = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
                delay += random.uniform(0, delay / 10)
                if exc.retry_after is not None:
                    delay = max(delay, exc.retry_after)
                if delay >= self.remaining():
                    wait = f"a retry waits {delay:.1f} s"
                    if exc.retry_after is not None and exc.retry_after >= delay:
                        wait = f"the server asks to wait {delay:.0f} s"
                    raise RemoteError(
                        f"{what}: {exc}; {wait}, more than the {max(self.remaining(), 0):.0f} s left of the "
                        f"time budget of {self.seconds:g} s (raise it or try later)"
                    ) from None
                self.sleep(delay)
        raise AssertionError("unreachable")


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def term(binding: Mapping[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A SPARQL JSON results binding as a pyoxigraph term (Virtuoso's ``typed-literal`` too)."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if binding.get("xml:lang"):
        return ox.Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


#: One result row: variable -> pyoxigraph term, or None when unbound (as ``EmbeddedStore.select``).
Row = dict[str, object]


class SparqlEndpoint:
    """A remote SPARQL 1.1 query endpoint reached through SPARQLWrapper."""

    def __init__(
        self,
        url: str,
        *,
        budget: Budget | None = None,
        timeout: float = 60.0,
        credentials: Credentials | None = None,
    ) -> None:
        self.url = check_url(url)
        self.budget = budget or Budget()
        self.timeout = timeout
        self.credentials = credentials

    def select(self, query: str) -> tuple[list[str], list[Row]]:
        """Run a SELECT query; return its variables and rows of pyoxigraph terms."""
        data = self.budget.call(lambda: self._post(query), redact(self.url))
        if not isinstance(data, dict) or "results" not in data:
            raise RemoteError(
                f"{redact(self.url)}: the answer is not SPARQL JSON results (is it a query endpoint?)"
            )
        variables = list(data.get("head", {}).get("vars", []))
        bindings = data["results"]["bindings"]
        rows: list[Row] = [{v: (term(b[v]) if v in b else None) for v in variables} for b in bindings]
        return variables, rows

    def _post(self, query: str) -> Any:
        from SPARQLWrapper import DIGEST, JSON, POST, URLENCODED, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import (
            EndPointInternalError,
            EndPointNotFound,
            QueryBadFormed,
            SPARQLWrapperException,
            Unauthorized,
        )

        where = redact(self.url)
        client = SPARQLWrapper(self.url, agent=user_agent())
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setReturnFormat(JSON)
        client.setTimeout(max(1, int(min(self.timeout, self.budget.remaining()))))
        client.setQuery(query)
        if self.credentials is not None:
            client.setCredentials(self.credentials.user, self.credentials.password)
            if self.credentials.scheme == "digest":
                client.setHTTPAuth(DIGEST)
        try:
            return client.query().convert()
        except QueryBadFormed as exc:
            raise RemoteError(f"{where} rejected the query as malformed: {_detail(exc)}") from None
        except Unauthorized:
            raise RemoteError(
                f"{where} refused the credentials (set KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc)"
            ) from None
        except EndPointNotFound:
            raise RemoteError(f"{where}: no SPARQL endpoint at this URL (HTTP 404); check the path") from None
        except EndPointInternalError as exc:
            if permanent_server_error(_detail(exc)):
                raise RemoteError(f"{where} could not run the query: {_detail(exc)}") from None
            raise TransientError(f"server error (HTTP 500): {_detail(exc)}") from None
        except urllib.error.HTTPError as exc:
            if exc.code in RETRY_STATUSES:
                raise TransientError(
                    f"HTTP {exc.code}", retry_after(exc.headers.get("Retry-After"))
                ) from None
            raise RemoteError(f"{where} answered HTTP {exc.code} {scrub(str(exc.reason))}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, ConnectionRefusedError):
                raise RemoteError(f"{where}: nothing listens there (is the server running?)") from None
            raise TransientError(f"cannot reach the endpoint ({reason})") from None
        except SPARQLWrapperException as exc:
            raise RemoteError(f"{where}: {_detail(exc)}") from None


_VIRTUOSO_ERROR = re.compile(r"Virtuoso (\w{5}) Error")


def permanent_server_error(body: str) -> bool:
    """Whether an HTTP 500 body is an error that repeating the request cannot fix.

    Virtuoso answers 500 for any SQL error (a query it cannot compile, a missing
    permission); of those only a deadlock (SQLSTATE 40001) is worth retrying.
    """
    match = _VIRTUOSO_ERROR.search(body)
    return match is not None and match[1] != "40001"


def _detail(exc: Exception) -> str:
    """The first lines of an endpoint's error message, without SPARQLWrapper's preamble."""
    text = scrub(str(exc)).split("Response:", 1)[-1].strip().strip("b'\"")
    return text.replace("\\n", " ").strip()[:300]


_SERVICE = re.compile(r"\bSERVICE(\s+SILENT)?\s+\?(\w+)", re.IGNORECASE)


def with_services(query: SavedQuery, text: str, bindings: Mapping[str, Any]) -> str:
    """Write the endpoint of each ``SERVICE ?var`` into the query as an IRI term.

    The IRI is the parameter bound to ``?var``, else the ``default:`` of that parameter in
    the query's ``#+`` header (federated queries default to Wikidata). A VALUES binding is
    not enough here: Oxigraph evaluates a SERVICE on its own, before any join binds its
    variable. The term is serialised by pyoxigraph from a checked IRI, so no user text is
    spliced. A ``SERVICE ?var`` with neither stays as it is (``SERVICE SILENT`` then adds
    nothing), which is how tests run federated queries without reaching the internet.
    """
    from kg.queries import _header

    params = {p.var or p.name: p.name for p in query.params}
    declared = _header(query.path, query.path.read_text(encoding="utf-8")).get("params") or {}

    def endpoint(match: re.Match[str]) -> str:
        var = match[2]
        bound = bindings.get(var)
        if bound is None and var in params:
            default = (declared.get(params[var]) or {}).get("default")
            bound = ox.NamedNode(str(default)) if default else None
        if not isinstance(bound, ox.NamedNode):
            return match[0]
        return f"SERVICE{match[1] or ''} {bound}"

    return _SERVICE.sub(endpoint, text)
