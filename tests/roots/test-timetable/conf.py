extensions = ["sphinx_seminars", "myst_parser"]
project = "Timetables"
seminars_timezone = "Europe/London"
seminars_now = "2024-01-01T12:00Z"
html_baseurl = "https://timetables.example.org/"
exclude_patterns = ["_build", "events"]
