"""``sphinx-seminars check``: the build's warnings without a build, and ``sequence`` kept honest by ``--fix``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import vobject
from test_bad_input import EXPECTED_WARNINGS

from conftest import ROOTS, warnings_of
from sphinx_seminars.check import set_sequence
from support.ical_parsers import parse_with_vobject

PROJECT = Path(__file__).resolve().parents[1]


def run_check(*args: str, cwd: Path, prelude: str = "") -> tuple[int, list[str], str]:
    """``python -m sphinx_seminars check ARGS`` in *cwd*: exit status, output lines, error output.

    *prelude*: Python run first in the same process (to make a module unimportable).
    """
    code = f"{prelude}\nimport sys, runpy\nsys.argv = ['sphinx-seminars', 'check', *{list(args)!r}]\n"
    code += "runpy.run_module('sphinx_seminars', run_name='__main__', alter_sys=True)"
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout.splitlines(), done.stderr


def copy_root(name: str, tmp_path: Path) -> Path:
    """A copy of test root *name*, outside any git repository (so no committed version to compare with)."""
    return Path(shutil.copytree(ROOTS / f"test-{name}", tmp_path / name))


def bad_line(name: str, **replace: str) -> str:
    line, subtype, message = EXPECTED_WARNINGS[name]
    for old, new in replace.items():
        message = message.replace(old, new)
    return f"events/{name}:{line}: WARNING: {message} [seminars.{subtype}]"


# -- without --conf ------------------------------------------------------------------------------


def test_files_as_given_and_exit_status(tmp_path: Path) -> None:
    site = copy_root("bad", tmp_path)
    status, lines, _ = run_check(
        "events/unknown-key.md", "events/missing-title.md", "events/time-only-end.md", cwd=site
    )
    assert status == 1
    # in the order given; the default zone is UTC without --conf
    assert lines == [bad_line("unknown-key.md"), bad_line("missing-title.md")]
    assert run_check("events/time-only-end.md", cwd=site)[:2] == (0, [])
    # an absolute path stays absolute
    status, lines, _ = run_check(str(site / "events" / "unknown-key.md"), cwd=tmp_path)
    assert lines == [f"{site}/{bad_line('unknown-key.md')}"]


def test_a_folder_means_its_event_files_and_the_default_settings(tmp_path: Path) -> None:
    site = copy_root("bad", tmp_path)
    status, lines, _ = run_check("events", cwd=site)
    assert status == 1
    # every file of the folder once, sorted by path; without --conf, naive times are UTC
    expected = [bad_line(name) for name in sorted(EXPECTED_WARNINGS)]
    expected[expected.index(bad_line("unknown-zone.md"))] = bad_line(
        "unknown-zone.md", **{"using 'Europe/London'": "using 'UTC'"}
    )
    assert lines == expected


def test_a_collection_folder_without_conf_reads_its_keys_as_unknown(tmp_path: Path) -> None:
    site = copy_root("check", tmp_path)
    status, lines, _ = run_check("_events", cwd=site)
    assert status == 1
    # README.md is no event file; without conf.py there are no aliases and no handler to leave out the draft
    assert lines == [
        "_events/2024-05-03-good.md:2: WARNING: unknown key 'seminar' ignored [seminars.unknown-key]",
        "_events/2024-05-03-good.md:2: WARNING: no 'title'; talk skipped [seminars.missing-field]",
        "_events/2024-05-03-good.md:4: WARNING: unknown key 'room' ignored [seminars.unknown-key]",
        "_events/2024-05-10-draft.md:2: WARNING: unknown key 'draft' ignored; did you mean 'date'? [seminars.unknown-key]",
        "_events/2024-05-10-draft.md:2: WARNING: no 'title'; talk skipped [seminars.missing-field]",
        "_events/2024-05-10-draft.md:3: WARNING: unknown key 'seminar' ignored [seminars.unknown-key]",
        "_events/2024-05-10-draft.md:5: WARNING: unknown key 'speakr' ignored; did you mean 'speaker'? [seminars.unknown-key]",
        "_events/2024-05-17-bad.md:2: WARNING: unknown key 'seminar' ignored [seminars.unknown-key]",
        "_events/2024-05-17-bad.md:2: WARNING: no 'title'; talk skipped [seminars.missing-field]",
        "_events/2024-05-17-bad.md:5: WARNING: unknown key 'speakr' ignored; did you mean 'speaker'? [seminars.unknown-key]",
    ]
    # named, as pre-commit names every file of the folder, the README is still no event file
    assert run_check("_events/README.md", cwd=site)[:2] == (0, [])
    assert run_check("--conf", ".", "_events/README.md", cwd=site)[:2] == (0, [])


def test_json_output(tmp_path: Path) -> None:
    site = copy_root("bad", tmp_path)
    status, lines, _ = run_check("--format", "json", "events/unknown-key.md", "events/unterminated.md", cwd=site)
    assert status == 1
    assert json.loads("\n".join(lines)) == [
        {
            "file": "events/unknown-key.md",
            "line": 4,
            "subtype": "unknown-key",
            "message": "unknown key 'speakr' ignored; did you mean 'speaker'?",
            "fixed": False,
        },
        {
            "file": "events/unterminated.md",
            "line": 1,
            "subtype": "frontmatter",
            "message": "unterminated front matter: no closing '---' line; reading the rest of the file as front matter",
            "fixed": False,
        },
    ]
    status, lines, _ = run_check("--format", "json", "events/time-only-end.md", cwd=site)
    assert (status, json.loads("\n".join(lines))) == (0, [])


def test_a_missing_file_is_a_warning_without_a_line(tmp_path: Path) -> None:
    status, lines, _ = run_check("events/gone.md", cwd=tmp_path)
    assert (status, lines) == (
        1,
        ["events/gone.md: WARNING: cannot read event file 'events/gone.md': No such file or directory; "
         "talk skipped [seminars.missing]"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((), "give event files or folders to check, or --conf DOCS_DIR"),
        (("--conf", "nowhere"), "--conf nowhere: no conf.py in that folder"),
        (("--format", "xml", "a.md"), "argument --format: invalid choice: 'xml'"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...], error: str) -> None:
    status, lines, stderr = run_check(*args, cwd=tmp_path)
    assert (status, lines) == (2, [])
    assert f"sphinx-seminars check: error: {error}" in stderr


def test_sphinx_is_not_needed_without_conf(tmp_path: Path) -> None:
    site = copy_root("bad", tmp_path)
    unimportable = "import sys; sys.modules['sphinx'] = None"  # any 'import sphinx' now fails
    status, lines, stderr = run_check("events/unknown-key.md", cwd=site, prelude=unimportable)
    assert (status, lines) == (1, [bad_line("unknown-key.md")]), stderr
    # nor does the git side of --fix
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "talks")
    moved = site / "events" / "time-only-end.md"
    moved.write_text(moved.read_text(encoding="utf-8").replace("2024-05-01", "2024-05-02"), encoding="utf-8")
    status, lines, stderr = run_check("--fix", "events/time-only-end.md", cwd=site, prelude=unimportable)
    assert (status, [line.split(": FIXED: ")[0] for line in lines]) == (1, ["events/time-only-end.md:5"]), stderr
    # --conf needs it, and says so rather than checking nothing
    status, lines, stderr = run_check("--conf", ".", "events", cwd=site, prelude=unimportable)
    assert (status, lines) == (2, [])
    assert "sphinx-seminars check: error: cannot load the Sphinx project in .: " in stderr and "'sphinx'" in stderr


def test_a_broken_conf_is_a_usage_error(tmp_path: Path) -> None:
    site = copy_root("check", tmp_path)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("raise RuntimeError('the seminar room is flooded')\n")
    status, lines, stderr = run_check("--conf", ".", cwd=site)
    assert (status, lines) == (2, [])
    assert "cannot load the Sphinx project in ." in stderr and "the seminar room is flooded" in stderr


# -- with --conf -------------------------------------------------------------------------------------


def test_conf_reads_files_as_the_build_does(tmp_path: Path) -> None:
    site = copy_root("bad", tmp_path)
    status, lines, _ = run_check("--conf", ".", "events", cwd=site)
    assert status == 1
    # conf.py's zone, Europe/London, is the default: exactly the build's lines
    assert lines == [bad_line(name) for name in sorted(EXPECTED_WARNINGS)]


CHECK_SITE_LINES = [
    # aliases (project: seminar -> title; collection: room -> location) and the collection's defaults apply,
    # the draft is left out by conf.py's handler, and the project's zone is the fallback
    "_events/2024-05-17-bad.md:4: WARNING: unknown time zone 'Europe/Lndon' (expected an IANA name such as "
    "'Europe/London'); using 'Europe/London' [seminars.timezone]",
    "_events/2024-05-17-bad.md:5: WARNING: unknown key 'speakr' ignored; did you mean 'speaker'? [seminars.unknown-key]",
]


def test_conf_without_paths_checks_every_collection(tmp_path: Path) -> None:
    site = copy_root("check", tmp_path)
    assert run_check("--conf", ".", cwd=site)[:2] == (1, CHECK_SITE_LINES)
    # a path inside a collection gets that collection's settings
    assert run_check("--conf", ".", "_events/2024-05-03-good.md", cwd=site)[:2] == (0, [])
    # the draft is left out on purpose: no warning, and not a failure
    assert run_check("--conf", ".", "_events/2024-05-10-draft.md", cwd=site)[:2] == (0, [])
    # from another folder: paths of collection files are shown relative to the working folder
    status, lines, _ = run_check("--conf", "check", cwd=tmp_path)
    assert (status, lines) == (1, [line.replace("_events/", "check/_events/", 1) for line in CHECK_SITE_LINES])


def test_conf_gives_the_lines_of_a_real_build(build: Any, tmp_path: Path) -> None:
    app = build("check")
    built = [line.removeprefix("SRC/") for line in warnings_of(app) if "[seminars." in line]
    assert built == CHECK_SITE_LINES
    assert run_check("--conf", ".", cwd=Path(app.srcdir))[1] == built


def test_conf_problems_are_reported(tmp_path: Path) -> None:
    site = copy_root("check", tmp_path)
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('"source": "_events"', '"source": "_gone"'))
    status, lines, _ = run_check("--conf", ".", cwd=site)
    assert status == 1
    assert lines == [
        f"conf.py: WARNING: seminars_collections['talks']: the folder '_gone' does not exist ({(site / '_gone').resolve()}) "
        "[seminars.config]"
    ]


# -- sequence --------------------------------------------------------------------------------------


def test_set_sequence_adds_a_line_and_keeps_every_other_byte() -> None:
    before = b"---\r\ntitle: A\r\nstart: 2024-05-01 16:00\r\nlocation: Room 1  # big\r\n---\r\nBody\r\n"
    assert set_sequence(before, ".md", 1) == (
        b"---\r\ntitle: A\r\nstart: 2024-05-01 16:00\r\nlocation: Room 1  # big\r\nsequence: 1\r\n---\r\nBody\r\n",
        5,
    )
    # a byte order mark stays
    assert set_sequence(b"\xef\xbb\xbf---\ntitle: A\n---\n", ".md", 2) == (
        b"\xef\xbb\xbf---\ntitle: A\nsequence: 2\n---\n",
        3,
    )


def test_set_sequence_replaces_the_value_only() -> None:
    before = b"---\ntitle: A\nsequence: 3   # moved in May\nstart: 2024-05-01 16:00\n---\n"
    assert set_sequence(before, ".md", 4) == (
        b"---\ntitle: A\nsequence: 4   # moved in May\nstart: 2024-05-01 16:00\n---\n",
        3,
    )
    # a quoted key is the same key: no second 'sequence'
    assert set_sequence(b'+++\ntitle = "A"\n"sequence" = 1\n+++\n', ".md", 2) == (
        b'+++\ntitle = "A"\n"sequence" = 2\n+++\n',
        3,
    )
    # the key as seminars_field_aliases lets the file spell it
    assert set_sequence(b"---\nrevision: 1\n---\n", ".md", 2, ("sequence", "revision")) == (
        b"---\nrevision: 2\n---\n",
        2,
    )


def test_set_sequence_in_toml_goes_before_the_first_table() -> None:
    before = b'+++\ntitle = "A"\n\n[links]\nslides = "https://example.org/s.pdf"\n+++\n'
    # at the end it would be links.sequence
    assert set_sequence(before, ".md", 1) == (
        b'+++\ntitle = "A"\n\nsequence = 1\n[links]\nslides = "https://example.org/s.pdf"\n+++\n',
        4,
    )
    assert set_sequence(b'title = "A"\nsequence = 0 # new\n', ".toml", 1) == (b'title = "A"\nsequence = 1 # new\n', 2)


def test_set_sequence_in_a_whole_yaml_file_without_a_last_line_end() -> None:
    assert set_sequence(b"title: A\nstart: 2024-05-01 16:00", ".yaml", 1) == (
        b"title: A\nstart: 2024-05-01 16:00\nsequence: 1\n",
        3,
    )


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"---\ntitle: A\n", id="unterminated"),
        pytest.param("---\ntitle: A\n---\n".encode("utf-16"), id="utf-16"),
        pytest.param(b"---\n{title: A,\n start: 2024-05-01 16:00}\n---\n", id="flow-mapping"),
        pytest.param(b"---\ntitle: A\nsequence:\n  1\n---\n", id="value-on-next-line"),
        pytest.param(b"no front matter\n", id="no-front-matter"),
    ],
)
def test_set_sequence_refuses_what_it_cannot_edit_safely(raw: bytes) -> None:
    assert set_sequence(raw, ".md", 2) is None


GIT_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_AUTHOR_NAME": "Seminar Author",
    "GIT_AUTHOR_EMAIL": "author@seminars.test",
    "GIT_COMMITTER_NAME": "Seminar Author",
    "GIT_COMMITTER_EMAIL": "author@seminars.test",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env=GIT_ENV,
        check=True,
    )
    return done.stdout


def talk(title: str, start: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\nspeaker: Ada Byron\nstart: {start}\nlocation: Room 1\n{extra}---\nAbstract.\n"


def test_check_and_fix_sequence_against_the_committed_version(tmp_path: Path) -> None:
    repo = tmp_path / "archive"
    events = repo / "events"
    events.mkdir(parents=True)
    git(repo, "init", "-q")
    originals = {
        "moved.md": talk("Moved", "2024-05-03 16:00"),
        "retitled.md": talk("Retitled", "2024-05-10 16:00"),
        "cancelled.md": talk("Cancelled", "2024-05-17 16:00", "sequence: 2\n"),
        "explicit.md": talk("Explicit", "2024-05-24 16:00"),
        "untouched.md": talk("Untouched", "2024-05-31 16:00"),
    }
    for name, text in originals.items():
        (events / name).write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "talks")
    edits = {
        "moved.md": talk("Moved", "2024-05-03 17:00"),  # start and end move
        "retitled.md": talk("A Better Title", "2024-05-10 16:00"),  # not a change calendars care about
        "cancelled.md": talk("Cancelled", "2024-05-17 16:00", "sequence: 2\nstatus: cancelled\n").replace(
            "Room 1", "Room 2"
        ),
        "explicit.md": talk("Explicit", "2024-05-24 18:00", "sequence: 7\n"),  # the author's own sequence wins
        "new.md": talk("New", "2024-06-07 16:00"),  # never committed: nothing to compare with
    }
    for name, text in edits.items():
        (events / name).write_text(text, encoding="utf-8")

    status, lines, _ = run_check("events", cwd=repo)
    assert status == 1
    assert lines == [
        "events/cancelled.md:6: WARNING: the location and status of this talk differ from the committed version; "
        "set 'sequence: 3' (check --fix does it) [seminars.sequence]",
        "events/moved.md:6: WARNING: the start and end of this talk differ from the committed version; "
        "set 'sequence: 1' (check --fix does it) [seminars.sequence]",
    ]
    assert {name: (events / name).read_text(encoding="utf-8") for name in edits} == edits  # nothing written

    status, lines, _ = run_check("--fix", "events/moved.md", "events/cancelled.md", "events/explicit.md", cwd=repo)
    assert status == 1
    assert lines == [
        "events/moved.md:6: FIXED: the start and end of this talk differ from the committed version; "
        "'sequence' raised to 1 [seminars.sequence]",
        "events/cancelled.md:6: FIXED: the location and status of this talk differ from the committed version; "
        "'sequence' raised to 3 [seminars.sequence]",
    ]
    assert (events / "moved.md").read_text(encoding="utf-8") == talk("Moved", "2024-05-03 17:00", "sequence: 1\n")
    assert (events / "cancelled.md").read_text(encoding="utf-8") == edits["cancelled.md"].replace(
        "sequence: 2", "sequence: 3"
    )
    assert (events / "explicit.md").read_text(encoding="utf-8") == edits["explicit.md"]
    # fixed once: a second run finds nothing, as pre-commit expects of a fixer
    assert run_check("--fix", "events", cwd=repo)[:2] == (0, [])


def test_sequence_rises_across_fresh_shallow_clones(make_app: Any, tmp_path: Path) -> None:
    """Issue 11: two commits built from fresh depth-1 clones; SEQUENCE rose for the moved talk only."""
    repo = tmp_path / "site"
    (repo / "docs").mkdir(parents=True)
    (repo / "events").mkdir()
    (repo / "docs" / "conf.py").write_text(
        'extensions = ["sphinx_seminars"]\nproject = "Shallow"\nseminars_timezone = "Europe/London"\n'
        'seminars_uid_domain = "seminars.test"\nseminars_collections = {"talks": "../events"}\n',
        encoding="utf-8",
    )
    (repo / "docs" / "index.rst").write_text("Shallow\n=======\n\n.. seminar-index::\n", encoding="utf-8")
    (repo / "events" / "2024-05-03-moved.md").write_text(talk("Moved", "2024-05-03 16:00"), encoding="utf-8")
    (repo / "events" / "2024-05-10-kept.md").write_text(talk("Kept", "2024-05-10 16:00"), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "two talks")
    git(repo, "tag", "first")
    moved = repo / "events" / "2024-05-03-moved.md"
    moved.write_text(talk("Moved", "2024-05-03 17:00"), encoding="utf-8")
    # as the docs tell authors: the fixer (a pre-commit hook) runs before the commit
    status, lines, _ = run_check("--conf", "docs", "--fix", cwd=repo)
    assert (status, lines) == (
        1,
        ["events/2024-05-03-moved.md:6: FIXED: the start and end of this talk differ from the committed version; "
         "'sequence' raised to 1 [seminars.sequence]"],
    )  # fmt: skip
    git(repo, "commit", "-q", "-a", "-m", "Moved: an hour later")
    git(repo, "tag", "second")

    def built(tag: str) -> dict[str, Any]:
        clone = tmp_path / f"clone-{tag}"
        subprocess.run(
            ["git", "clone", "-q", "--depth", "1", "--branch", tag, repo.as_uri(), str(clone)],
            check=True,
            env=GIT_ENV,
            capture_output=True,
        )
        assert git(clone, "rev-list", "--count", "HEAD").strip() == "1"  # no history to look back at
        app = make_app("html", srcdir=clone / "docs")
        app.build()
        found = {}
        for name in ("2024-05-03-moved", "2024-05-10-kept"):
            path = Path(app.outdir) / "talks" / f"{name}.ics"
            # SEQUENCE from vobject; times through the harness, which reads each file's own VTIMEZONE
            sequence = int(vobject.readOne(path.read_text(encoding="utf-8")).vevent.sequence.value)
            (parsed,) = parse_with_vobject(path)
            found[name] = (sequence, parsed.uid, parsed.start_utc)
        return found

    assert built("first") == {
        "2024-05-03-moved": (0, "2024-05-03-moved@seminars.test", "2024-05-03T15:00:00Z"),  # 16:00 BST
        "2024-05-10-kept": (0, "2024-05-10-kept@seminars.test", "2024-05-10T15:00:00Z"),
    }
    # the moved talk: the same calendar entry, an hour later, with a higher SEQUENCE; the other unchanged
    assert built("second") == {
        "2024-05-03-moved": (1, "2024-05-03-moved@seminars.test", "2024-05-03T16:00:00Z"),
        "2024-05-10-kept": (0, "2024-05-10-kept@seminars.test", "2024-05-10T15:00:00Z"),
    }


# -- pre-commit ------------------------------------------------------------------------------------


def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """pre-commit installs the hooks from this repository (from the package index) and runs them."""
    if not (PROJECT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit needs one to install the hooks from")
    repo = tmp_path / "archive"
    (repo / "events").mkdir(parents=True)
    (repo / "events" / "moved.md").write_text(talk("Moved", "2024-05-03 16:00"), encoding="utf-8")
    (repo / "events" / "typo.md").write_text(talk("Typo", "2024-05-10 16:00", "speakr: X\n"), encoding="utf-8")
    (repo / "events" / "README.md").write_text("One file per talk.\n", encoding="utf-8")  # passed over
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "talks")
    (repo / "events" / "moved.md").write_text(talk("Moved", "2024-05-03 17:00"), encoding="utf-8")
    environment = {**GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def try_repo(hook: str, *args: str) -> tuple[int, list[str]]:
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(PROJECT), hook, *args],
            cwd=repo,
            capture_output=True,
            text=True,
            env=environment,
            timeout=900,
        )
        return done.returncode, done.stdout.splitlines()

    status, lines = try_repo("sphinx-seminars-check-no-fix", "--all-files")
    assert status == 1, lines
    assert not any("README" in line for line in lines), lines
    assert (
        "events/typo.md:6: WARNING: unknown key 'speakr' ignored; did you mean 'speaker'? [seminars.unknown-key]"
        in lines
    )
    assert (
        "events/moved.md:6: WARNING: the start and end of this talk differ from the committed version; "
        "set 'sequence: 1' (check --fix does it) [seminars.sequence]"
    ) in lines
    assert (repo / "events" / "moved.md").read_text(encoding="utf-8") == talk("Moved", "2024-05-03 17:00")

    status, lines = try_repo("sphinx-seminars-check", "--files", "events/moved.md")
    assert status == 1, lines
    assert "- files were modified by this hook" in lines
    assert (
        "events/moved.md:6: FIXED: the start and end of this talk differ from the committed version; "
        "'sequence' raised to 1 [seminars.sequence]"
    ) in lines
    assert (repo / "events" / "moved.md").read_text(encoding="utf-8") == talk(
        "Moved", "2024-05-03 17:00", "sequence: 1\n"
    )
