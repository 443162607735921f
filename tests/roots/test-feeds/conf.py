extensions = ["sphinx_seminars", "myst_parser"]
project = "Feeds"
seminars_timezone = "Europe/London"
html_baseurl = "https://feeds.example.org/site/"
exclude_patterns = ["_build", "events"]
