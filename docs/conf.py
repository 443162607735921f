"""Sphinx configuration for the sphinx-seminars documentation and demo series."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
# The package from this checkout (when it is not installed), and the docs' own helpers.
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE / "_ext"))

import sphinx_seminars  # noqa: E402

project = "sphinx-seminars"
author = "sphinx-seminars developers"
copyright = "2026, sphinx-seminars developers"
release = version = sphinx_seminars.__version__

extensions = [
    "sphinx_seminars",
    "myst_parser",
    "seminars_docs",  # docs/_ext: tables generated from the code
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
# _benchmark-*.md are fragments that performance.md includes, not pages of their own
exclude_patterns = ["_build", "_benchmark-*.md"]

myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

# -- sphinx-seminars ----------------------------------------------------------------------
seminars_timezone = "Europe/London"
seminars_organizer = {"name": "sphinx-seminars demo", "email": "seminars@example.org"}
# The demo series: every event file in demo/events/ is a page demo/<event-id>, with no stub
# pages; the folder is kept out of Sphinx's own page discovery automatically.
seminars_collections = {"demo": "demo/events"}

# -- HTML -----------------------------------------------------------------------------------
html_baseurl = "https://sphinx-seminars.readthedocs.io/en/latest/"
html_title = f"sphinx-seminars {release}"
try:
    import furo  # noqa: F401
except ImportError:
    html_theme = "alabaster"
else:
    html_theme = "furo"

# -- LaTeX, man -----------------------------------------------------------------------------
latex_documents = [(root_doc, "sphinx-seminars.tex", "sphinx-seminars", author, "manual")]
man_pages = [(root_doc, "sphinx-seminars", "seminar pages and calendar files for Sphinx", [author], 7)]
