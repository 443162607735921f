extensions = ["sphinx_seminars"]
project = "Check"
seminars_timezone = "Europe/London"
seminars_field_aliases = {"seminar": "title"}
seminars_collections = {
    "talks": {"source": "_events", "defaults": {"series": "Check Seminar"}, "aliases": {"room": "location"}},
}
exclude_patterns = ["_build"]


def leave_out_drafts(app, path, data):
    """A seminars-event-read handler: drafts are not published."""
    return not data.pop("draft", False)


def setup(app):
    app.connect("seminars-event-read", leave_out_drafts)
