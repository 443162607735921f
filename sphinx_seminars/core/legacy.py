"""Old addresses of talks and feeds, kept working (opt-in). Pure: no Sphinx.

Archives moved from one system to another carry their old addresses: ``old_url`` (the page
before Jekyll), Jekyll's ``redirect_from``, Hugo's ``aliases``, and ``icalendar`` (the old
calendar file). Each old page address becomes a small redirect page, each old calendar address a
copy of the talk's calendar file, always inside the output folder.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from .model import Event

#: keys naming an old address of the talk's page
PAGE_KEYS = ("old_url", "redirect_from", "aliases")
#: keys naming an old address of the talk's calendar file
CALENDAR_KEYS = ("icalendar",)
_PAGE_SUFFIXES = (".html", ".htm")


def output_path(address: str) -> str | None:
    """The file, relative to the output folder, that serves *address* (a URL or a path).

    The host of a URL is dropped: an archive's old pages lived on its old host, and the path is
    what a moved site can serve again. ``None`` when the address has no path, or would lie
    outside the output folder. A path without a file suffix is served as a folder's
    ``index.html``, as static hosts do.
    """
    path = unquote(urlsplit(address.strip()).path)
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or ".." in parts or any(part.startswith(".") or "\0" in part for part in parts):
        return None
    return "/".join(parts)


def page_path(address: str) -> str | None:
    """Where the redirect page for the old page *address* goes."""
    path = output_path(address)
    if path is None:
        return None
    return path if PurePosixPath(path).suffix.lower() in _PAGE_SUFFIXES else f"{path}/index.html"


def old_addresses(event: Event, keys: Iterable[str]) -> list[str]:
    """The event's legacy values under *keys*, in the order written, without repeats."""
    wanted = set(keys)
    return list(dict.fromkeys(value for key, value in event.legacy if key in wanted and value.strip()))


def relative_url(from_file: str, to_url: str) -> str:
    """*to_url* (a path from the output root, maybe with a #fragment) as seen from *from_file*."""
    path, _, fragment = to_url.partition("#")
    depth = from_file.count("/")
    relative = "../" * depth + path
    return f"{relative}#{fragment}" if fragment else relative


def redirect_page(target: str, canonical: str, title: str) -> bytes:
    """A page that sends readers (and search engines) on to *target*.

    *target* is relative to the redirect page (it works on any host and under ``file://``);
    *canonical* is the talk page's absolute URL when the site has one.
    """
    quoted_target = html.escape(target, quote=True)
    link = f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n' if canonical else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"{link}"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={quoted_target}">\n'
        "</head>\n<body>\n"
        f'<p>This talk has moved: <a href="{quoted_target}">{html.escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    ).encode()
