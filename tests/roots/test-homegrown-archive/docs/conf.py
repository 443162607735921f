extensions = ["sphinx_seminars"]
project = "Home-grown archive"
seminars_now = "2025-02-10T12:00Z"
seminars_timezone = "Australia/Sydney"

# A home-grown YAML schema: one file a week in ../schedule/, with its own key names.
seminars_collections = {
    "talks": {
        "source": "../schedule",
        "defaults": {"series": "Statistics Seminar"},
        "aliases": {"talk": "title", "when": "date", "ends": "end", "room": "location"},
    },
}


def adapt_schedule(app, path, data):
    """What aliases cannot say: weeks without a talk, names as lists of parts, the TBD flag."""
    if data.get("no_seminar"):
        return False  # no page, no warning; the build's summary counts it
    data["speakers"] = [" ".join(parts) for parts in data.pop("who", [])]
    if data.pop("tbd", False):
        data["status"] = "tba"
    return None


def setup(app):
    app.connect("seminars-event-read", adapt_schedule)
