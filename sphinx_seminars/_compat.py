"""Differences between the supported Sphinx versions, in one place."""

from __future__ import annotations

from typing import Any


def builder_name_and_format(transform: Any) -> tuple[str, str]:
    """The current builder's name and format, from inside a transform.

    Sphinx 9 deprecates ``transform.app`` and exposes ``env._builder_cls``;
    Sphinx 8 only has the former.
    """
    builder_cls = getattr(transform.env, "_builder_cls", None)
    if builder_cls is not None:
        return builder_cls.name, builder_cls.format
    builder = transform.app.builder  # pragma: no cover - Sphinx 8
    return builder.name, builder.format


def app_of(transform: Any) -> Any:
    """The application, from inside a post-transform.

    Sphinx 9 deprecates ``transform.app``; its own post-transforms use ``env._app``.
    """
    return getattr(transform.env, "_app", None) or transform.app


def builder_of(transform: Any) -> Any:
    """The current builder, from inside a post-transform (for URIs)."""
    return app_of(transform).builder
