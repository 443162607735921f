extensions = ["sphinx_seminars"]
project = "Bad input"
seminars_timezone = "Europe/London"
exclude_patterns = ["_build", "events"]
