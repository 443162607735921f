"""The core of sphinx-seminars: plain Python, no Sphinx.

The event model (:mod:`.model`), reading event files into it with located problems
(:mod:`.frontmatter`, :mod:`.loading`, :mod:`.times`, :mod:`.sanitize`), collections of event
files (:mod:`.collections`), old addresses (:mod:`.legacy`), rich text to docutils nodes and plain
text (:mod:`.richtext`), which talks an index lists (:mod:`.listing`), calendar files
(:mod:`.ics`) and the one place the clock is read (:mod:`.clock`).

Nothing here imports Sphinx, directly or through another module: ``tox -e lint`` checks it
(import-linter, see ``pyproject.toml``). The Sphinx layer beside this package (directives,
domain, transforms, writers...) turns these records into documents and files.
"""
