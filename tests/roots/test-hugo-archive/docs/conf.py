extensions = ["sphinx_seminars", "myst_parser"]
project = "Hugo archive"
seminars_now = "2024-06-01T12:00Z"
seminars_timezone = "America/New_York"

# A Hugo site keeps its talks in content/seminars/ with TOML front matter. Hugo's own `title` is
# the post's title and `date` its posting date; the talk's title is under `seminar`.
seminars_collections = {
    "seminars": {
        "source": "../content/seminars",
        "defaults": {"series": "Graph Seminar"},
        # `seminar` is the talk's title; Hugo's `title` (the post's) is not about the talk.
        "aliases": {"seminar": "title", "title": None},
    },
}
