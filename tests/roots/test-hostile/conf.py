extensions = ["myst_parser", "sphinx_seminars"]
project = "Hostile"
html_baseurl = "https://hostile.example.org/"
seminars_timezone = "Europe/London"
seminars_now = "2025-01-01T00:00:00Z"
exclude_patterns = ["events/**", "_build"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
