# Talks and event files are written by tests/test_statuses.py, one per row of its STATUSES table.
extensions = ["sphinx_seminars"]
project = "Statuses"
seminars_timezone = "Europe/London"
seminars_now = "2025-01-01T00:00:00Z"
html_baseurl = "https://statuses.example.org/"
exclude_patterns = ["_build", "events"]
