extensions = ["sphinx_seminars", "myst_parser"]
project = "Test Seminars"
seminars_timezone = "Europe/London"
seminars_uid_domain = "seminars.test"
html_baseurl = "https://seminars.example.org/"
exclude_patterns = ["_build", "events"]
version = "1"
copyright = "2026, Test"
