"""Allow-list cleaning of the text that event files bring in. No Sphinx here.

HTML is cleaned by nh3 (the Ammonia sanitiser) before anything else looks at
it; URLs pass only with a scheme from :data:`URL_SCHEMES`.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
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


# TeX commands with which MathJax or KaTeX make links or HTML attributes, or load code.
_UNSAFE_TEX = re.compile(r"\\(href|url|class|cssId|style|data|html[A-Za-z]*|require|unicode)(?![A-Za-z])")


def unsafe_tex(tex: str) -> str:
    """The first TeX command in *tex* that could make a link or HTML ('\\href'), else ""."""
    found = _UNSAFE_TEX.search(tex)
    return found.group() if found else ""


#: elements that run code, load other documents, or restyle the page: removed with their content
_RISKY_TAGS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
        "form", "input", "button", "textarea", "select", "link", "meta", "base", "noscript", "template",
    }
)  # fmt: skip
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"})


class _RiskFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found:
            return
        if tag in _RISKY_TAGS:
            self.found = f"<{tag}>"
            return
        for name, value in attrs:
            scheme = url_scheme(value or "")
            if name.startswith("on"):
                self.found = f"an {name} attribute"
            elif name in _URL_ATTRIBUTES and scheme and scheme not in URL_SCHEMES:
                self.found = f"a {scheme}: URL"
            if self.found:
                return


def url_scheme(url: str) -> str:
    """The scheme of *url*, lower case, as a browser reads it (blanks and controls ignored: 'jav\tascript:')."""
    found = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", url).lower())
    return found.group(1) if found else ""


def risky_markup(source: str) -> str:
    """The first thing in HTML *source* that cleaning removes for safety ('<script>'), else ""."""
    if "<" not in source:
        return ""
    finder = _RiskFinder()
    finder.feed(source)
    finder.close()
    return finder.found
