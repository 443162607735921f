extensions = ["sphinx_seminars"]
project = "Output"
seminars_timezone = "Europe/London"
seminars_now = "2024-06-15T12:00:00Z"
html_baseurl = "https://output.example.org/"
exclude_patterns = ["_build", "events"]
