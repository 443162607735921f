# The demo site (docs/demo/events, copied in by tests/test_browser.py) in whatever theme the
# test asks for with html_theme; built as of 2016-01-01, so that the page script, reading the
# browser's clock, has to move the talks that have ended since into "Past talks".
extensions = ["sphinx_seminars", "myst_parser"]
project = "Fenwick Applied Probability Seminar"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
seminars_timezone = "Europe/London"
seminars_collections = {"demo": "demo/events"}
seminars_now = "2016-01-01T00:00:00Z"
html_baseurl = "https://seminars.example.org/"
