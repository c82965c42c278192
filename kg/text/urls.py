"""Web addresses from metadata, made valid URIs (the one rule for every Document's ``url``)."""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import quote, urlsplit

from kg.text.chars import scrub

# Characters each URL part may keep as they are (RFC 3986); everything else is percent-encoded.
_URL_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_URL_QUERY_SAFE = _URL_PATH_SAFE + "?"
_URL_HOST_SAFE = "!$&'()*+,;=-._~%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_IPV6_HOST = re.compile(r"\[[0-9A-Fa-f:.]+\]")
_PORT = re.compile(r"\d*")


def clean_url(url: Optional[str]) -> Optional[str]:
    """An http(s) URL as a valid URI (strict parsers such as Oxigraph accept it), or None.

    Metadata URLs come from anywhere: spaces, brackets, a second "#", a bare
    "%" or non-ASCII characters are percent-encoded here, so the URL can
    become an IRI in the graph. Other schemes (javascript:, file:) are dropped.
    """
    if not url:
        return None
    try:
        parts = urlsplit(scrub(url).strip())
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None

    def enc(text: str, safe: str) -> str:
        return _STRAY_PERCENT.sub("%25", quote(text, safe=safe))

    userinfo, at, hostport = parts.netloc.rpartition("@")
    if hostport.startswith("["):  # an IPv6 literal
        end = hostport.find("]") + 1
        host, port = hostport[:end], hostport[end:]
        if not _IPV6_HOST.fullmatch(host):
            return None
    else:
        host, colon, port = hostport.partition(":")
        port = colon + port
        if not host or "[" in host or "]" in host:
            return None
        host = enc(host.lower(), _URL_HOST_SAFE)
    if port and not _PORT.fullmatch(port[1:]):
        return None
    netloc = (enc(userinfo, _URL_HOST_SAFE + ":") + "@" if at else "") + host + port
    out = f"{parts.scheme.lower()}://{netloc}{enc(parts.path, _URL_PATH_SAFE)}"
    if parts.query:
        out += "?" + enc(parts.query, _URL_QUERY_SAFE)
    if parts.fragment:
        out += "#" + enc(parts.fragment, _URL_QUERY_SAFE)
    return out
