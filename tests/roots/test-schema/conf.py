extensions = ["sphinx_seminars", "myst_parser"]
project = "Schema"
seminars_timezone = "Europe/London"
seminars_now = "2024-06-15T12:00:00Z"
html_baseurl = "https://schema.example.org/"
exclude_patterns = ["_build", "events"]
