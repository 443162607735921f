# Enough pages for Sphinx to really read and write in parallel (it needs more than 5).
extensions = ["sphinx_seminars", "myst_parser"]
project = "Many"
seminars_timezone = "America/New_York"
seminars_uid_domain = "many.test"
html_baseurl = "https://many.example.org/"
exclude_patterns = ["_build", "events"]
