extensions = ["sphinx_seminars"]
project = "Bad timetables"
seminars_timezone = "Europe/London"
exclude_patterns = ["_build", "events"]
