extensions = ["sphinx_seminars", "myst_parser"]
project = "Index"
seminars_timezone = "Europe/London"
seminars_now = "2024-06-15T12:00:00Z"
html_baseurl = "https://index.example.org/"
exclude_patterns = ["_build", "events"]
