"""Checks on SPARQL text from strangers, and deep stacks to run it on (used by ``kg serve``).

* **Nesting.** Oxigraph's parser recurses once per bracket, and a query nested a few
  thousand brackets deep (``{{{{...``, 20 KB) overflows the stack and kills the whole
  process: one request would take the endpoint down. No real query nests deeper than a
  few dozen levels, so more than :data:`MAX_DEPTH` is refused.
* **Operators and stack.** Chains of operators (``!!!!...``, ``1+1+1...``) recurse as deep
  as brackets do, so more than :data:`MAX_OPERATORS` operator characters are refused, and
  the text is parsed on a thread whose stack holds that much recursion (:func:`deep_thread`,
  :func:`call_deep`). Data (``INSERT DATA`` of a whole graph) has almost none, so updates
  may be long; queries are capped at :data:`MAX_CHARS`.
* **SERVICE.** Oxigraph runs ``SERVICE <url>`` by fetching the URL. An endpoint that any
  web page may query (CORS ``*``) would then fetch intranet URLs for those pages and hand
  them the answers, so federated queries need to be allowed explicitly.

Brackets and keywords inside strings, IRIs and comments do not count: they are removed by
one left-to-right scan first (a ``#`` in an IRI is not a comment, a ``}`` in a string is
not a bracket).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

MAX_DEPTH = 64
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'  # IRIs (IRIREF: no spaces, so "?a < 3" is not one)
    r"|#[^\n]*",  # comments
    re.DOTALL,
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_BRACKET = re.compile(r"[{}()\[\]]")
_OPERATOR = re.compile(r"[-+*/!|&=<>]")
#: At ~1 KB of parser stack each, this many fit in DEEP_STACK many times over.
MAX_OPERATORS = 50_000


class Refused(ValueError):
    """The query is refused; the message says why and what to do, ``status`` the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def check(text: str, *, allow_service: bool = False, max_chars: int | None = None) -> None:
    """Raise :class:`Refused` if ``text`` is too long, nests or chains too deep, or uses SERVICE."""
    limit = MAX_CHARS if max_chars is None else max_chars
    if len(text) > limit:
        raise Refused(f"the text is {len(text):,} characters; kg serve takes at most {limit:,}", 413)
    bare = _OPAQUE.sub(" ", text)
    operators = len(_OPERATOR.findall(bare))
    if operators > MAX_OPERATORS:
        raise Refused(f"the text has {operators:,} operators; kg serve takes at most {MAX_OPERATORS:,}")
    depth = deepest = 0
    for bracket in _BRACKET.finditer(bare):
        depth += 1 if bracket[0] in "{([" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise Refused(f"the query nests brackets more than {MAX_DEPTH} deep; flatten it")
    if not allow_service and _SERVICE.search(bare):
        raise Refused(
            "this endpoint does not run federated queries (SERVICE fetches other URLs for the caller); "
            "start kg serve with --allow-service to allow them",
            403,
        )


#: The longest query taken (characters), unless the caller gives another cap.
MAX_CHARS = 1024 * 1024
#: Stack for the threads that parse and run strangers' SPARQL. Oxigraph's parser takes about
#: 1 KB of stack per level of nesting or chained operator ("!!!!...", "1+1+1..."), and a
#: default 8 MB stack overflows (killing the process) at ~8,000 levels; 256 MB holds
#: MAX_OPERATORS levels five times over (it is address space, not memory, until used).
DEEP_STACK = 256 * 1024 * 1024
_stack_lock = threading.Lock()


def deep_thread(target: Callable[[], None], name: str) -> threading.Thread:
    """A started daemon thread running ``target`` on :data:`DEEP_STACK` of stack."""
    with _stack_lock:
        previous = threading.stack_size(DEEP_STACK)
        try:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()  # the stack size is read when the thread starts
        finally:
            threading.stack_size(previous)
    return thread


def call_deep(function: Callable[[], T]) -> T:
    """``function()`` run on a thread with a deep stack; its result, or its exception raised."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(function())
        except BaseException as exc:
            failure.append(exc)

    deep_thread(work, "kg-deep").join()
    if failure:
        raise failure[0]
    return outcome[0]
