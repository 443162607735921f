"""sphinx-seminars: seminar event files as Sphinx pages and calendar files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point; the wiring lives in :mod:`.extension`."""
    from .extension import setup_extension

    return setup_extension(app)
