"""The one place environment variables are read.

* ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/): the
  stand-in for file times in reproducible builds.
* ``READTHEDOCS_CANONICAL_URL``: where Read the Docs publishes the version being built
  (``https://<project>.readthedocs.io/en/<version>/``); the site's base URL when
  ``html_baseurl`` is empty (Read the Docs no longer sets ``html_baseurl`` itself).
"""

from __future__ import annotations

import os
import re


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH``, if set to a number of seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def read_the_docs_url() -> str:
    """``READTHEDOCS_CANONICAL_URL`` when it is an http(s) URL, else ""."""
    url = os.environ.get("READTHEDOCS_CANONICAL_URL", "").strip()
    return url if re.match(r"(?i)^https?://[^/\s]+", url) and not re.search(r"\s", url) else ""
