extensions = ["sphinx_seminars"]
project = "Jekyll archive"
exclude_patterns = ["_build"]
seminars_now = "2026-12-01T12:00Z"
html_baseurl = "https://seminars.example.org/"
# The whole migration: the archive's folder, beside docs/, with the series' zone and name.
seminars_collections = {
    "archive": {
        "source": "../_seminars",
        "defaults": {"series": "Data Seminar", "timezone": "Europe/London"},
    },
}
