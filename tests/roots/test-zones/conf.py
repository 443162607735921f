extensions = ["sphinx_seminars"]
project = "Zones"
seminars_timezone = "Europe/London"
seminars_uid_domain = "zones.test"
exclude_patterns = ["_build", "events"]
