"""Absolute addresses of what the site publishes: its base URL, its feeds' and a talk's picture."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .core.environment import read_the_docs_url

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .core.model import Event


def site_baseurl(config: Config) -> str:
    """The base of every absolute URL: ``html_baseurl``, else Read the Docs' canonical URL
    of the version being built; without a slash at the end ("" when neither is known)."""
    return (config.html_baseurl or read_the_docs_url()).rstrip("/")


def feeds_baseurl(config: Config) -> str:
    """Where subscribers find the feeds: ``seminars_feed_baseurl`` (one stable feed for every
    version of the docs), else the site's base URL."""
    return (config.seminars_feed_baseurl or site_baseurl(config)).rstrip("/")


def image_url(env: BuildEnvironment, baseurl: str, image: str) -> str:
    """The published URL of a picture (an http(s) URL as it is); "" when there is none to give.

    A local picture is copied by the HTML builders to ``_images/`` under the name Sphinx gives it
    (see ``directives._image``, which names it by its path from the source folder).
    """
    if "://" in image:
        return image
    if not image or not baseurl:
        return ""
    relative = Path(os.path.relpath(image, Path(env.srcdir).resolve())).as_posix()
    if relative not in env.images:
        return ""
    return f"{baseurl.rstrip('/')}/_images/{env.images[relative][1]}"


def with_published_image(env: BuildEnvironment, baseurl: str, event: Event) -> Event:
    """*event* with its picture as a published URL (or none), as calendars and search engines need it."""
    if not event.image or "://" in event.image:
        return event
    return dataclasses.replace(event, image=image_url(env, baseurl, event.image))
