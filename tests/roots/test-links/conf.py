extensions = ["sphinx_seminars", "myst_parser"]
project = "Links"
seminars_timezone = "Europe/London"
seminars_now = "2025-06-01T12:00:00Z"
html_baseurl = "https://links.example.org/site/"
exclude_patterns = ["_build", "events"]
seminars_organizer = {"name": "Links Seminar Office", "email": "seminars@links.example.org"}
