"""Allow-list cleaning of the text that event files bring in. No Sphinx here.

HTML is cleaned by nh3 (the Ammonia sanitiser) before anything else looks at
it; URLs pass only with a scheme from :data:`URL_SCHEMES`.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto"})

#: what an abstract or bio may keep; everything else is unwrapped or dropped
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "a", "em", "i", "strong", "b", "u", "code", "pre", "kbd", "tt",
        "ul", "ol", "li", "blockquote", "sub", "sup", "div", "span",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

#: control characters other than tab and line ends: never meaningful in an event file
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def clean_html(source: str) -> str:
    """*source* with only allowed tags, attributes and URL schemes left."""
    return nh3.clean(
        CONTROL_CHARACTERS.sub("", source),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def plain_text_field(text: str) -> str:
    """A one-line field as plain text: tags dropped, entities decoded once, space folded.

    ``&lt;b&gt;`` stays the visible text ``<b>``: it is decoded once, after tags
    are stripped, and never parsed again.
    """
    stripped = nh3.clean(CONTROL_CHARACTERS.sub("", text), tags=set(), strip_comments=True)
    return _SPACE.sub(" ", html.unescape(stripped)).strip()


def safe_url(text: str) -> str:
    """*text* if it is an absolute http(s) or mailto URL, else ``""``."""
    candidate = CONTROL_CHARACTERS.sub("", text).strip()
    if not candidate or _SPACE.search(candidate):
        return ""
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return ""
    if parts.scheme.lower() not in URL_SCHEMES:
        return ""
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return ""
    return candidate


# TeX commands with which MathJax or KaTeX make links or HTML attributes (\mmlToken takes any,
# \bbox takes CSS), or load code.
_UNSAFE_TEX = re.compile(r"\\(href|url|class|cssId|style|data|html[A-Za-z]*|require|unicode|mmlToken|bbox)(?![A-Za-z])")


def unsafe_tex(tex: str) -> str:
    """The first TeX command in *tex* that could make a link or HTML ('\\href'), else ""."""
    found = _UNSAFE_TEX.search(tex)
    return found.group() if found else ""


#: elements that run code, load other documents, or restyle the page: removed with their content
_RISKY_TAG = re.compile(
    r"<\s*(script|style|iframe|frame|frameset|object|embed|applet|svg|math|form|input|button|textarea"
    r"|select|link|meta|base|noscript|template)\b",
    re.IGNORECASE,
)
_HANDLER = re.compile(r"<[a-zA-Z][^<>]*?\s(on[a-zA-Z]+)\s*=", re.IGNORECASE)
_URL_VALUE = re.compile(
    r"<[a-zA-Z][^<>]*?\s(?:href|src|action|formaction|xlink:href|data|poster|background)\s*=\s*[\"']?([^\"'<>\s]*)",
    re.IGNORECASE,
)


def url_scheme(url: str) -> str:
    """The scheme of *url*, lower case, as a browser reads it (blanks and controls ignored: 'jav\tascript:')."""
    found = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", url).lower())
    return found.group(1) if found else ""


def risky_markup(source: str) -> str:
    """The first thing in HTML *source* that cleaning removes for safety ('<script>'), else "".

    Only for the warning (nh3 does the removing); regular expressions bounded by
    ``<``/``>``, so that the scan stays linear on hostile input such as ``<a<a<a...``.
    """
    if "<" not in source:
        return ""
    found: list[tuple[int, str]] = []
    if tag := _RISKY_TAG.search(source):
        found.append((tag.start(), f"<{tag.group(1).lower()}>"))
    if handler := _HANDLER.search(source):
        found.append((handler.start(1), f"an {handler.group(1).lower()} attribute"))
    for value in _URL_VALUE.finditer(source):
        scheme = url_scheme(html.unescape(value.group(1)))
        if scheme and scheme not in URL_SCHEMES:
            found.append((value.start(1), f"a {scheme}: URL"))
            break
    return min(found)[1] if found else ""
