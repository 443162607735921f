# The real seed file is copied into events/ by the test (it lives in ../shared).
extensions = ["sphinx_seminars"]
project = "Seed"
seminars_timezone = "Europe/London"
seminars_uid_domain = "seed.test"
exclude_patterns = ["_build", "events"]
suppress_warnings = ["seminars.join-link", "seminars.image"]
