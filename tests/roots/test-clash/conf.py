extensions = ["sphinx_seminars"]
project = "Clash"
seminars_timezone = "Europe/London"
seminars_now = "2025-01-01T00:00:00Z"
exclude_patterns = ["events/**", "_build"]
