extensions = ["myst_parser", "sphinx_seminars"]
project = "Hostile"
html_baseurl = "https://hostile.example.org/"
seminars_timezone = "Europe/London"
seminars_now = "2025-01-01T00:00:00Z"
exclude_patterns = ["events/**", "_build"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
# What a project may enable for its own pages; event files must not get substitutions or attributes.
myst_enable_extensions = ["substitution", "attrs_inline", "attrs_block", "html_image", "colon_fence"]
myst_substitutions = {"greeting": "hello"}
