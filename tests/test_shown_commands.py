"""The commands the README, docs/ and the getting-started page show work as typed:
each make target exists, each manage.py command exists and is run with the
project's virtualenv; and manage.py run the wrong way says what to do in one line."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
INTERPRETER = ".venv/bin/python"


def code_in_markdown(*paths: Path) -> list[str]:
    """The code of Markdown files: each line of their code blocks, and each inline
    code span."""
    return [snippet for path in paths for snippet in code_in(path.read_text(encoding="utf-8"))]


def code_in(text: str) -> list[str]:
    snippets = []
    prose = []
    for number, part in enumerate(re.split(r"^[ \t]*```[^\n]*\n", text, flags=re.M)):
        if number % 2:  # inside a code block
            snippets += part.splitlines()
        else:
            prose.append(part)
    spans = re.findall(r"`([^`]+)`", "\n".join(prose))
    return snippets + [" ".join(span.split()) for span in spans]


def code_in_templates() -> list[str]:
    snippets = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        html = template.read_text(encoding="utf-8")
        for code in re.findall(r"<code>(.*?)</code>", html, flags=re.S):
            snippets.append(" ".join(re.sub(r"<[^>]+>", "", code).split()))
    return snippets


def words(snippet: str) -> list[str]:
    try:
        return shlex.split(snippet, comments=True)
    except ValueError:  # an unbalanced quote: prose, not a command line
        return snippet.split()


def commands(snippet: str) -> list[tuple[str, ...]]:
    """("make", target) and ("manage.py", command, the word before manage.py)."""
    found = []
    tokens = words(snippet)
    for i, token in enumerate(tokens):
        rest = tokens[i + 1 :]
        if token == "make":
            for word in rest:
                if re.fullmatch(r"[A-Z_]+=.*", word):
                    continue
                if not re.fullmatch(r"[a-z][a-z0-9-]*", word):
                    break
                found.append(("make", word))
        elif token.endswith("manage.py") and rest and re.fullmatch(r"[a-z][a-z0-9_]*", rest[0]):
            found.append(("manage.py", rest[0], tokens[i - 1] if i else ""))
    return found


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rules = re.findall(r"^([A-Za-z0-9_.\- ]+):(?!=)", makefile, flags=re.M)
    return {target for rule in rules for target in rule.split()}


SHOWN = {
    "README.md": code_in_markdown(ROOT / "README.md"),
    "docs": code_in_markdown(*sorted((ROOT / "docs").glob("*.md"))),
    "templates": code_in_templates(),
}


def test_commands_are_found_where_they_are_shown():
    readme = [c for snippet in SHOWN["README.md"] for c in commands(snippet)]
    assert ("make", "run") in readme and ("make", "export") in readme
    assert ("manage.py", "import_bibtex", "DJANGO_DEBUG=1") not in readme  # the word before
    assert ("manage.py", "import_bibtex", INTERPRETER) in readme
    pages = [c for snippet in SHOWN["templates"] for c in commands(snippet)]
    assert ("make", "superuser") in pages
    docs = [c for snippet in SHOWN["docs"] for c in commands(snippet)]
    assert ("make", "serve") in docs and ("manage.py", "load_cv", INTERPRETER) in docs


@pytest.mark.parametrize("source", SHOWN)
def test_every_make_target_shown_exists(source):
    targets = make_targets()
    shown = {c[1] for snippet in SHOWN[source] for c in commands(snippet) if c[0] == "make"}
    assert shown, source
    assert sorted(shown - targets) == []


@pytest.mark.parametrize("source", SHOWN)
def test_every_manage_py_command_shown_exists_and_runs_in_the_virtualenv(source):
    known = {*get_commands(), "help"}  # help is manage.py's own
    shown = [c for snippet in SHOWN[source] for c in commands(snippet) if c[0] == "manage.py"]
    assert [name for _, name, _ in shown if name not in known] == []
    # `python manage.py ...` needs a Python with Django: not the one a new clone has.
    elsewhere = [f"{word} manage.py {name}" for _, name, word in shown if word != INTERPRETER]
    assert elsewhere == []


# --- manage.py run the wrong way ------------------------------------------------------
def manage(*args, python=(sys.executable,), **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "PYTHON", "DATABASE_URL"))}  # fmt: skip
    clean.update(env)
    return subprocess.run(
        [*python, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.process
def test_without_django_manage_py_says_to_use_the_virtualenv():
    # -S: without site-packages, as the system Python of a new clone is.
    line = one_line(manage("check", python=(sys.executable, "-S")))
    assert line.startswith("manage.py: Django is not installed")
    assert "make run" in line
    assert "DJANGO_DEBUG=1 .venv/bin/python manage.py check" in line


@pytest.mark.process
def test_without_a_secret_key_manage_py_says_what_to_set():
    line = one_line(manage("check"))
    assert line.startswith("manage.py: DJANGO_SECRET_KEY is not set.")
    assert "For local use: DJANGO_DEBUG=1 .venv/bin/python manage.py check" in line


@pytest.mark.process
def test_manage_py_never_turns_debug_on_by_itself():
    production = {
        "DJANGO_SECRET_KEY": "a-strong-key-for-these-tests-only-6f0c9a2e81d44b7f95c3e2a1b0d9c8e7",
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = manage("shell", "--no-imports", "-c", code, **production)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
