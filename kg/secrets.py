"""Keep endpoint credentials out of every message kg shows.

kg never prints credentials itself, but a server's error page is shown to the user, and
some servers echo the request back, ``Authorization`` header included. So every password
kg is given is remembered here, in the forms it travels in (as is, URL-encoded, and in a
Basic ``Authorization`` value), and :func:`scrub` masks them, plus anything that follows
an ``Authorization`` header name, in text that came from a server. The CLI scrubs every
error message it prints as a last line of defence.

Kept free of heavy imports: :mod:`kg.cli` imports it at start-up.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import quote, quote_plus

MASK = "***"
_known: set[str] = set()
_AUTHORIZATION = re.compile(
    r"""(authorization["']?\s*[:=]\s*["']?(?:basic\s+|digest\s+|bearer\s+)?)[^\s;,"'&]+""", re.IGNORECASE
)
#: Shorter secrets are not masked piecemeal: masking "a" everywhere would garble messages.
_SHORTEST = 4


def remember(user: str, password: str) -> None:
    """Note a password (and its encodings) so that :func:`scrub` masks it from now on."""
    forms = {password, quote(password, safe=""), quote_plus(password)}
    for encoding in ("utf-8", "latin-1"):
        try:
            pair = f"{user}:{password}".encode(encoding)
            alone = password.encode(encoding)
        except UnicodeEncodeError:
            continue
        forms |= {base64.b64encode(pair).decode(), base64.b64encode(alone).decode()}
    _known.update(form for form in forms if len(form) >= _SHORTEST)


def scrub(text: str) -> str:
    """``text`` with every remembered secret and every ``Authorization`` value masked."""
    for secret in sorted(_known, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return _AUTHORIZATION.sub(lambda m: m[1] + MASK, text)
