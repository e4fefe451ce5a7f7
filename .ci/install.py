"""Installs packages into a virtualenv, with uv when it can be had, else pip:

    python3 .ci/install.py VENV [-r LOCKFILE | PACKAGE]...

uv installs the site's lock file in about a second where pip takes about ten.
The uv used is the one $UV names (UV set empty means pip), else the one on PATH,
else the release pinned below, which pip installs the first time (about two
seconds) into the user's cache folder (~/.cache/portfolio, or under
$XDG_CACHE_HOME), where every clone finds it. If uv cannot be had or fails, pip
installs instead (added to a virtualenv made without it). uv does not read pip's
configuration, so the package indexes, wheel folders, certificate and constraints
pip is configured with (files or PIP_* variables) are handed to it; uv's own UV_*
settings win.
"""

# Its commands are this script's own, with the virtualenv and the lock files the
# Makefile names.
# ruff: noqa: S603
import ast
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

UV_RELEASE = "uv==0.13.9"
QUIET = ["-qq", "--disable-pip-version-check"]


def pip_settings(listing: str) -> dict[str, str]:
    """The settings `pip config list` prints, as pip's install command reads
    them: a PIP_* variable over the install section over the global one."""
    found: dict[str, dict[str, str]] = {}
    for line in listing.splitlines():
        key, sep, value = line.partition("=")
        section, dot, name = key.rpartition(".")
        if not (sep and dot):
            continue
        try:
            found.setdefault(name, {})[section] = str(ast.literal_eval(value))
        except (ValueError, SyntaxError):
            continue
    settings = {}
    for name, sections in found.items():
        for section in (":env:", "install", "global"):
            if section in sections:
                settings[name] = sections[section]
                break
    return settings


def uv_environment(settings: dict[str, str], environ: dict[str, str]) -> dict[str, str]:
    """The variables that give uv pip's settings, leaving out any the environment
    already sets."""

    def words(name):
        return settings.get(name, "").split()

    wanted = {}
    if settings.get("index-url"):
        wanted["UV_DEFAULT_INDEX"] = settings["index-url"]
    if words("extra-index-url"):
        wanted["UV_INDEX"] = " ".join(words("extra-index-url"))
        # pip takes the best version any index offers; uv's default stops at the
        # first index that has the package at all.
        wanted["UV_INDEX_STRATEGY"] = "unsafe-best-match"
    if words("find-links"):
        wanted["UV_FIND_LINKS"] = ",".join(words("find-links"))
    if settings.get("no-index", "").lower() in {"1", "true", "yes", "on"}:
        wanted["UV_NO_INDEX"] = "1"
    if words("constraint"):
        wanted["UV_CONSTRAINT"] = " ".join(words("constraint"))
    if words("trusted-host"):
        wanted["UV_INSECURE_HOST"] = " ".join(words("trusted-host"))
    if settings.get("cert"):
        wanted["SSL_CERT_FILE"] = settings["cert"]
    if settings.get("client-cert"):
        wanted["SSL_CLIENT_CERT"] = settings["client-cert"]
    if settings.get("proxy"):
        wanted["HTTPS_PROXY"] = wanted["HTTP_PROXY"] = settings["proxy"]
    # PIP_DEFAULT_TIMEOUT is listed under the option's other name.
    if settings.get("timeout") or settings.get("default-timeout"):
        wanted["UV_HTTP_TIMEOUT"] = settings.get("timeout") or settings["default-timeout"]
    return {k: v for k, v in wanted.items() if k not in environ}


def cached_uv() -> Path:
    """The pinned uv, which pip installs the first time into the user's cache
    folder, beside pip's and uv's own caches, for every clone and virtualenv."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "portfolio"
    home = cache / UV_RELEASE.replace("==", "-")
    if not home.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as staging:
            done = subprocess.run(
                [sys.executable, "-m", "pip", "install", *QUIET, "--no-deps", "--no-compile",
                 "--target", f"{staging}/uv", UV_RELEASE],
                check=False,
            )  # fmt: skip
            # Moved in whole, so that a run at the same time never finds half of it.
            with contextlib.suppress(OSError):
                if done.returncode == 0:
                    os.rename(f"{staging}/uv", home)
    return home / "bin" / "uv"


def main(venv: Path, args: list[str]) -> int:
    python = str(venv / "bin" / "python")
    # pip's settings are read while uv is found or installed.
    listing = subprocess.Popen(
        [sys.executable, "-m", "pip", "config", "list"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    uv = os.environ.get("UV", shutil.which("uv") or "")
    if "UV" not in os.environ and not uv:
        uv = str(cached_uv())
    settings = pip_settings(listing.communicate()[0] if listing.wait() == 0 else "")
    if uv and Path(shutil.which(uv) or uv).exists():
        env = {**os.environ, **uv_environment(settings, os.environ)}
        # Python then never caches what it compiles, so every process of the site
        # would compile Django anew: compile it once here, as pip does.
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            env.setdefault("UV_COMPILE_BYTECODE", "1")
        done = subprocess.run([uv, "pip", "install", "-q", "--python", python, *args], env=env)
        if done.returncode == 0:
            return 0
        print("uv could not install the packages; pip installs them.", file=sys.stderr)
    else:
        print("uv could not be had; pip installs the packages.", file=sys.stderr)
    if subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode:
        subprocess.run(
            [python, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL, check=True
        )
    return subprocess.run([python, "-m", "pip", "install", *QUIET, *args]).returncode


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__.split("\n\n")[0])
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
