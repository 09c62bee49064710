"""README.md and docs/*.md name only things that exist: every `masthead` command and option,
every MASTHEAD_* variable (with the default the code has), every make target, every test file
and every URL path they name. Each of these drifted before this test (a docs audit,
2026-11-30); the test reads the docs mechanically so a renamed option, variable, target or
test file fails here rather than misleading a reader."""

from __future__ import annotations

import ast
import bisect
import contextlib
import io
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# Named in the docs on purpose though they do not exist (each with why).
NOT_SHIPPED_COMMANDS = {
    # moderation.md's "tried and not shipped" record of the adaptive-threshold experiment
    "adapt-moderation",
}
NOT_SHIPPED_OPTIONS = {
    # moderation.md's record of a training experiment (short replies written for abuse)
    ("train-moderation", "--abuse-written"),
}


def _doc_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def code_snippets(path: Path) -> tuple[tuple[int, str], ...]:
    """(line, text) of each fenced code line (a trailing backslash joins the next line) and
    each inline code span (whitespace, line breaks included, made single spaces)."""
    found: list[tuple[int, str]] = []
    prose: list[tuple[int, str]] = []
    fenced = False
    pending: tuple[int, str] | None = None
    for number, line in enumerate(_doc_text(path).splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            prose.append((number, line))
            continue
        if pending:
            number, line = pending[0], pending[1] + " " + line.strip()
        if line.rstrip().endswith("\\"):
            pending = (number, line.rstrip()[:-1])
            continue
        pending = None
        found.append((number, line))
    joined = "\n".join(line for _, line in prose)
    starts, offset = [], 0
    for _, line in prose:
        starts.append(offset)
        offset += len(line) + 1
    for span in re.finditer(r"(`+)(.+?)\1", joined, re.S):
        index = bisect.bisect_right(starts, span.start()) - 1
        found.append((prose[index][0], " ".join(span.group(2).split())))
    return tuple(found)


def all_snippets() -> list[tuple[str, int, str]]:
    return [
        (
            path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name,
            number,
            text,
        )
        for path in DOC_FILES
        for number, text in code_snippets(path)
    ]


# --- masthead commands and their options ---------------------------------------------------

_INVOCATION = re.compile(r"(?:(?<=\s)|^)(?:[\w./-]*/)?masthead\s+([a-z][a-z0-9_-]*)([^;&|#`)]*)")


def command_invocations(text: str) -> list[tuple[str, list[str]]]:
    """`masthead CMD --opt ...` at the start of a shell command (after VAR=value words)."""
    found = []
    for match in _INVOCATION.finditer(text):
        before = re.split(r"[;&|(]|\$\(", text[: match.start()])[-1].split()
        if not all(re.match(r"[A-Z_][A-Z0-9_]*=", word) for word in before):
            continue
        options = re.findall(r"(?:^|\s)(--?[a-zA-Z][a-zA-Z0-9-]*)", match.group(2))
        found.append((match.group(1), options))
    return found


@cache
def command_options(name: str) -> frozenset[str] | None:
    """The option strings `masthead NAME` takes, or None when there is no such command."""
    if name == "moderate-file":
        from masthead.cli import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["moderate-file", "--help"])
        return frozenset(re.findall(r"(?<![\w-])(--?[a-zA-Z][a-zA-Z0-9-]*)", out.getvalue()))
    from django.core.management import get_commands, load_command_class

    app = get_commands().get(name)
    if app is None and name == "rqworker":  # installed with REDIS_URL only
        app = "django_rq"
    if app is None:
        return None
    if not isinstance(app, str):  # an already loaded command
        command = app
    else:
        command = load_command_class(app, name)
    parser = command.create_parser("masthead", name)
    return frozenset(parser._option_string_actions)


def test_every_masthead_command_and_option_the_docs_name_exists():
    wrong = []
    seen = 0
    for where, number, text in all_snippets():
        for name, options in command_invocations(text):
            seen += 1
            if name in NOT_SHIPPED_COMMANDS:
                continue
            known = command_options(name)
            if known is None:
                wrong.append(f"{where}:{number}: no command `masthead {name}`")
                continue
            wrong += [
                f"{where}:{number}: `masthead {name}` has no option {option}"
                for option in options
                if option not in known and (name, option) not in NOT_SHIPPED_OPTIONS
            ]
    assert wrong == [], "\n".join(wrong)
    assert seen > 50


def test_options_named_after_a_bare_command_name_exist():
    """`serve --workers 0` or `recover_tasks --stale-after` written without `masthead`."""
    from django.core.management import get_commands

    names = set(get_commands()) | {"moderate-file"}
    wrong = []
    for where, number, text in all_snippets():
        words = text.split()
        if len(words) < 2 or words[0] not in names or not words[1].startswith("-"):
            continue
        known = command_options(words[0]) or frozenset()
        wrong += [
            f"{where}:{number}: `{words[0]}` has no option {option}"
            for option in re.findall(r"(?:^|\s)(--?[a-zA-Z][a-zA-Z0-9-]*)", text)
            if option not in known and (words[0], option) not in NOT_SHIPPED_OPTIONS
        ]
    assert wrong == [], "\n".join(wrong)


def test_the_command_check_finds_a_wrong_option_and_a_missing_command():
    assert command_invocations("DATABASE_URL=x masthead serve --no-worker --host 0.0.0.0") == [
        ("serve", ["--no-worker", "--host"])
    ]
    assert command_invocations("createdb -O masthead masthead") == []
    assert "--no-worker" in (command_options("serve") or ())
    assert "--bogus" not in (command_options("serve") or ())
    assert "--jobs" in (command_options("moderate-file") or ())
    assert command_options("no-such-command") is None


# --- MASTHEAD_* variables --------------------------------------------------------------------

_VARIABLE = re.compile(r"MASTHEAD_[A-Z0-9_]*[A-Z0-9]")


@cache
def variables_read_by(folder: str) -> frozenset[str]:
    files = (ROOT / folder).rglob("*.py") if folder != "Makefile" else [ROOT / "Makefile"]
    return frozenset(
        name
        for path in files
        if path != Path(__file__).resolve()  # names made-up variables
        for name in _VARIABLE.findall(path.read_text(encoding="utf-8"))
    )


def _env_example() -> dict[str, str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return {
        name: value.split("#")[0].strip()
        for name, value in re.findall(r"^# (MASTHEAD_[A-Z0-9_]+)=(.*)$", text, re.M)
    }


def test_every_masthead_variable_the_docs_name_is_read_by_the_code():
    """A site variable must be read by masthead/ (and so listed in .env.example, which
    test_env_example_lists_every_variable checks); the tests' and benchmarks' own variables
    by tests/, bench/, training/ or the Makefile. `MASTHEAD_LOGIN_RATE_*` names a family."""
    read = set().union(
        *(variables_read_by(folder) for folder in ("masthead", "tests", "bench", "training"))
    ) | variables_read_by("Makefile")
    listed = set(_env_example())
    wrong = []
    for path in DOC_FILES:
        text = _doc_text(path)
        for match in re.finditer(r"MASTHEAD_[A-Z0-9_]*[A-Z0-9]?(\*)?", text):
            name = match.group(0)
            if match.group(1) or name.endswith("_"):  # a family: MASTHEAD_LOGIN_RATE_*
                prefix = name.rstrip("*")
                if not any(known.startswith(prefix) for known in listed | read):
                    wrong.append(f"{path.name}: no variable starts {prefix}")
            elif name not in read:
                wrong.append(f"{path.name}: {name} is read by nothing")
            elif name in variables_read_by("masthead") and name not in listed:
                wrong.append(f"{path.name}: {name} is not in .env.example")
    assert wrong == [], "\n".join(wrong)


def test_every_variable_an_operator_may_set_is_in_the_docs():
    """Each .env.example variable is named in README.md or docs/ (`_PORT` after a
    MASTHEAD_EMAIL_HOST in the same table row, or `..._SPAM_THRESHOLD` after a sibling,
    counts), except the ones .env.example marks as for tests."""
    text = "\n".join(_doc_text(path) for path in DOC_FILES)
    named = set(_VARIABLE.findall(text))
    shorthand = set(re.findall(r"(?:`|\.\.\.)(_[A-Z0-9_]+[A-Z0-9])`", text))
    test_only = {"MASTHEAD_TESTING", "MASTHEAD_TEST_WORKER_FAULT"}

    def documented(name: str) -> bool:
        if name in named:
            return True
        return any(
            name.endswith(tail) and any(other.startswith(name[: -len(tail)]) for other in named)
            for tail in shorthand
        )

    assert [name for name in _env_example() if name not in test_only and not documented(name)] == []


def _literal(node: ast.AST) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


@cache
def settings_defaults() -> dict[str, object]:
    """MASTHEAD_X -> the literal default settings.py gives it (os.environ.get or env_*)."""
    tree = ast.parse((ROOT / "masthead" / "settings.py").read_text(encoding="utf-8"))
    defaults: dict[str, object] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        name = _literal(node.args[0])
        if isinstance(name, str) and name.startswith("MASTHEAD_"):
            value = _literal(node.args[1])
            if value is not None:
                defaults[name] = value
    return defaults


def _same(written: str, default: object) -> bool:
    written = written.strip("`").strip()
    if isinstance(default, bool):
        return written.lower() == str(default).lower()
    if isinstance(default, (int, float)):
        try:
            return float(written.replace(",", "").replace("_", "")) == float(default)
        except ValueError:
            return False
    if isinstance(default, list):
        return written == ",".join(default) or set(written.split(",")) <= set(default)
    return written == str(default)


# .env.example lines that show an example value, not the default
EXAMPLE_VALUES = {"MASTHEAD_CSRF_TRUSTED_ORIGINS"}


def test_env_example_defaults_are_the_settings_defaults():
    defaults = settings_defaults()
    assert len(defaults) > 40
    wrong = [
        f"{name}={written} but settings.py defaults to {defaults[name]!r}"
        for name, written in _env_example().items()
        if written and name in defaults and name not in EXAMPLE_VALUES
        if not _same(written, defaults[name])
    ]
    assert wrong == [], "\n".join(wrong)


def test_docs_tables_give_the_settings_defaults():
    """A table row `| `MASTHEAD_X` | `default` | ... |` names the default settings.py has."""
    defaults = settings_defaults()
    rows = 0
    wrong = []
    for path in DOC_FILES:
        for line in _doc_text(path).splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) < 3 or not re.fullmatch(r"`MASTHEAD_[A-Z0-9_]+`", cells[0]):
                continue
            name = cells[0].strip("`")
            value = re.match(r"`([^`]*)`", cells[1])
            if name not in defaults or not value:
                continue
            rows += 1
            if not _same(value.group(1), defaults[name]):
                wrong.append(f"{path.name}: {name} default {value.group(1)} != {defaults[name]!r}")
    assert wrong == [], "\n".join(wrong)
    assert rows > 20


_PROSE_DEFAULT = re.compile(
    r"`(MASTHEAD_[A-Z0-9_]+)`,? \(?default (?:`([^`]+)`|([0-9][0-9,.]*%?|true|false)(?!\w))"
)


def test_docs_prose_gives_the_settings_defaults():
    """`MASTHEAD_X` (default `V`) or `MASTHEAD_X`, default V in running text (5% is 0.05)."""
    defaults = settings_defaults()
    seen = 0
    wrong = []
    for path in DOC_FILES:
        text = " ".join(_doc_text(path).split())
        for match in _PROSE_DEFAULT.finditer(text):
            name, written = match.group(1), match.group(2) or match.group(3)
            if name not in defaults:
                continue
            seen += 1
            if written.endswith("%"):
                written = str(float(written[:-1].replace(",", "")) / 100)
            if not _same(written, defaults[name]):
                wrong.append(f"{path.name}: {name} default {written} != {defaults[name]!r}")
    assert wrong == [], "\n".join(wrong)
    assert seen > 5


# --- make targets ----------------------------------------------------------------------------


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    (phony,) = re.findall(r"^\.PHONY:(.*)$", text, re.M)
    return set(phony.split())


def test_every_make_target_the_docs_name_exists():
    targets = make_targets()
    wrong = []
    seen = 0
    for where, number, text in all_snippets():
        for match in re.finditer(r"(?<![\w/.-])make\s+((?:[a-z][a-z0-9-]*\s*)+)", text):
            before = re.split(r"[;&|(]", text[: match.start()])[-1].split()
            if not all(re.match(r"[A-Z_][A-Z0-9_]*=", word) for word in before):
                continue
            for target in match.group(1).split():
                seen += 1
                if target not in targets:
                    wrong.append(f"{where}:{number}: no make target {target}")
    assert wrong == [], "\n".join(wrong)
    assert seen > 10


# --- test files ------------------------------------------------------------------------------


@cache
def test_files() -> dict[str, list[Path]]:
    by_name: dict[str, list[Path]] = {}
    for path in (ROOT / "tests").rglob("*.py"):
        by_name.setdefault(path.name, []).append(path)
    return by_name


def test_every_test_file_and_test_the_docs_name_exists():
    """`test_x.py`, `tests/unit/test_x.py` and `test_x.py::test_y` (the test function too)."""
    wrong = []
    seen = 0
    for path in DOC_FILES:
        text = _doc_text(path)
        pattern = r"((?:tests/[\w/]*/)?(test_\w+\.py))(?:::(test_\w+))?"
        for match in re.finditer(pattern, text):
            seen += 1
            full, name, function = match.groups()
            found = test_files().get(name, [])
            if full.startswith("tests/"):
                found = [candidate for candidate in found if candidate == ROOT / full]
            if not found:
                wrong.append(f"{path.name}: no test file {full}")
            elif function and not any(
                re.search(rf"def {function}\b", candidate.read_text(encoding="utf-8"))
                for candidate in found
            ):
                wrong.append(f"{path.name}: {full} has no {function}")
    assert wrong == [], "\n".join(wrong)
    assert seen > 30


# --- files of the repository ------------------------------------------------------------------

_APPS = ("core", "articles", "comments", "moderation", "narration", "dashboard", "api", "demo")
_REPO_PATH = re.compile(
    r"(?<![\w/.-])((?:masthead|tests|bench|training|docs|"
    + "|".join(_APPS)
    + r")/[\w/.-]*\w\.(?:py|md|html|css|js|json|jsonl|txt|toml))"
)


def test_every_repository_file_the_docs_name_exists():
    """`masthead/comments/text.py`, `tests/data/...`, and paths within masthead/ or within an
    app (moderation.md's `core/types.py` is masthead/moderation/core/types.py)."""
    wrong = []
    seen = 0
    for path in DOC_FILES:
        for match in _REPO_PATH.finditer(_doc_text(path)):
            seen += 1
            name = match.group(1)
            bases = [ROOT, ROOT / "masthead", *(ROOT / "masthead" / app for app in _APPS)]
            if not any((base / name).exists() for base in bases):
                wrong.append(f"{path.name}: no file {name}")
    assert wrong == [], "\n".join(wrong)
    assert seen > 50


# --- URL paths -------------------------------------------------------------------------------

_NOT_SITE_PATHS = ("/usr/", "/proc/", "/tmp", "/etc/", "/srv/", "/var/", "/dev/", "/media/")
NOT_PAGES = {
    "/page",  # comments.md: an example of a relative link in a comment
    "/atom/",  # editors.md: short for a section's /feeds/section/<slug>/atom/
}
_PLACEHOLDERS = {
    "<slug>": "a-story",
    "<id>": "1",
    "<token>": "abc",
    "<key>": "0a1b",
    "{tab}": "held",
    "N": "1",
    "A": "1",
    "R": "1",
}


def site_paths(text: str) -> list[str]:
    """Paths at the start of a code span or after an HTTP method in one: `/feeds/rss/`,
    `GET /api/moderation/queue?tab=held`. Placeholders become sample values."""
    found = []
    for match in re.finditer(r"^(?:(?:GET|POST|HEAD|PUT|PATCH|DELETE) )?(/[^\s`]*)", text):
        path = match.group(1).split("?")[0].split("#")[0]
        if path.startswith(_NOT_SITE_PATHS) or path in NOT_PAGES or "..." in path or "…" in path:
            continue
        parts = [_PLACEHOLDERS.get(part, part) for part in path.split("/")]
        path = "/".join(parts)
        for placeholder, value in _PLACEHOLDERS.items():
            path = path.replace(placeholder, value)
        found.append(path)
    return found


def route_prefixes() -> set[str]:
    """The literal start of every route ('/comments/' of '/comments/<int:pk>/'), so that a
    doc naming a prefix (`/accounts/`, `/listen/`) is checked too."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = set()

    def walk(patterns, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for pattern in patterns:
            route = str(pattern.pattern).lstrip("^").split("<")[0].split("(")[0]
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                found.add("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_path_the_docs_name_resolves():
    """A path resolves, or is the start of routes (`/api/moderation/`)."""
    from django.urls import Resolver404, resolve

    prefixes = route_prefixes()
    wrong = []
    seen = 0
    for where, number, text in all_snippets():
        for path in site_paths(text):
            seen += 1
            try:
                resolve(path)
            except Resolver404:
                if not any(route.startswith(path) for route in prefixes):
                    wrong.append(f"{where}:{number}: {path} does not resolve")
    assert wrong == [], "\n".join(wrong)
    assert seen > 50


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("`masthead serve --no-such-option`", "has no option"),
        ("`masthead no_such_command`", "no command"),
        ("`make no-such-target`", "no make target"),
        ("`MASTHEAD_NO_SUCH_VARIABLE`", "read by nothing"),
        ("`tests/unit/test_no_such_file.py`", "no test file"),
        ("`/no/such/page/`", "does not resolve"),
        ("`masthead/core/no_such_module.py`", "no file"),
        ("\n| `MASTHEAD_COMMENT_MAX_DEPTH` | `4` | indent levels |\n", "default 4 != 3"),
        ("`MASTHEAD_COMMENT_MAX_DEPTH` (default 5)", "default 5 != 3"),
    ],
)
def test_a_wrong_doc_line_is_caught(line, problem, monkeypatch, tmp_path):
    """Each check above fails on a doc line naming something that does not exist."""
    wrong_doc = tmp_path / "wrong.md"
    wrong_doc.write_text(f"Text before.\n\nRun {line} to see.\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "DOC_FILES", [wrong_doc])
    checks = [
        test_every_masthead_command_and_option_the_docs_name_exists,
        test_every_make_target_the_docs_name_exists,
        test_every_masthead_variable_the_docs_name_is_read_by_the_code,
        test_every_test_file_and_test_the_docs_name_exists,
        test_every_url_path_the_docs_name_resolves,
        test_docs_tables_give_the_settings_defaults,
        test_docs_prose_gives_the_settings_defaults,
        test_every_repository_file_the_docs_name_exists,
    ]
    messages = []
    for check in checks:
        try:
            check()
        except AssertionError as error:
            messages.append(str(error))
    assert any(problem in message for message in messages), messages
