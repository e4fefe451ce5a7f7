"""Publishing the static build: to a branch of a git remote (GitHub Pages'
``gh-pages``, or a ``docs/`` folder of any branch), or to a folder.

The branch is cloned into a temporary folder, the site is built into it (an
incremental build: only changed files differ), and what changed is committed and
pushed. If anything fails, nothing is pushed and the published site stays as it was.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from .build import BuildError, Report, build_site

DEFAULT_MESSAGE = "Publish the portfolio"
GIT_TIMEOUT = 600


def _git(*args, cwd=None, check=True) -> subprocess.CompletedProcess:
    """Run git (an argument list, no shell); never waits for a password prompt."""
    try:
        result = subprocess.run(  # noqa: S603
            [shutil.which("git") or "git", *args], cwd=cwd, capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=GIT_TIMEOUT,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise BuildError(
            f"git {args[0]} did not finish within {GIT_TIMEOUT // 60} minutes; nothing was "
            "published."
        ) from None
    if check and result.returncode != 0:
        raise BuildError(_said(result))
    return result


def shown(remote: str) -> str:
    """The remote as messages may show it: without a password or token in it."""
    return re.sub(r"^([a-z][a-z0-9+.-]*://)[^/@]*@", r"\1", remote, flags=re.I)


def _said(result) -> str:
    """git's own reason, from its first error line."""
    lines = [line.strip() for line in (result.stderr or result.stdout).splitlines()]
    errors = [line for line in lines if line.startswith(("fatal:", "error:", "remote:"))]
    reason = (errors or [line for line in lines if line] or [""])[0]
    reason = re.sub(r"([a-z][a-z0-9+.-]*://)[^/@\s]*@", r"\1", reason, flags=re.I)
    return reason.removeprefix("fatal: ").removeprefix("error: ") or (
        f"git exited with {result.returncode}"
    )


def _check_folder(folder: str) -> str:
    path = PurePosixPath(folder.strip().strip("/") or ".")
    if not path.parts:  # the branch's root ("", "/", ".")
        return ""
    if ".." in path.parts or path.parts[0] == ".git" or "\x00" in folder:
        raise BuildError(
            f"--folder must be a folder inside the repository, such as docs; got {folder!r}."
        )
    return str(path)


def publish_to_git(
    remote: str, base_url: str, branch: str = "gh-pages", folder: str = "", cname: str = "",
    message: str = DEFAULT_MESSAGE,
) -> tuple[Report, str]:  # fmt: skip
    """Build into ``folder`` of ``branch`` of ``remote`` and push; returns the
    build's report and what was done ("pushed <commit>" or "nothing changed")."""
    if shutil.which("git") is None:
        raise BuildError("git is not installed; install it to publish to a git remote.")
    folder = _check_folder(folder)
    if not branch or _git("check-ref-format", "--branch", branch, check=False).returncode:
        raise BuildError(f"{branch!r} is not a valid branch name.")
    with tempfile.TemporaryDirectory(prefix="portfolio-publish-") as work:
        repo = Path(work) / "site"
        heads = _git("ls-remote", "--heads", remote, f"refs/heads/{branch}", check=False)
        if heads.returncode != 0:
            raise BuildError(f"Cannot read the git remote {shown(remote)}: {_said(heads)}")
        if heads.stdout.strip():
            _git("clone", "--quiet", "--depth", "1", "--branch", branch, "--single-branch",
                 remote, str(repo))  # fmt: skip
        else:
            repo.mkdir()
            _git("init", "--quiet", cwd=repo)
            _git("checkout", "--quiet", "--orphan", branch, cwd=repo)
            _git("remote", "add", "origin", remote, cwd=repo)
        report = build_site(repo / folder if folder else repo, base_url, cname)
        _git("add", "--all", "--", folder or ".", cwd=repo)
        if not _git("status", "--porcelain", cwd=repo).stdout.strip():
            return report, "nothing changed: nothing was pushed"
        identity = []
        if not _git("config", "user.email", cwd=repo, check=False).stdout.strip():
            identity = ["-c", "user.name=Portfolio", "-c", "user.email=portfolio@localhost"]
        _git(*identity, "commit", "--quiet", "-m", message or DEFAULT_MESSAGE, cwd=repo)
        pushed = _git("push", "--quiet", "origin", f"HEAD:refs/heads/{branch}", cwd=repo,
                      check=False)  # fmt: skip
        if pushed.returncode != 0:
            raise BuildError(
                f"The push to {shown(remote)} failed: {_said(pushed)}. Nothing was published; the "
                "site there is as it was."
            )
        commit = _git("rev-parse", "--short", "HEAD", cwd=repo).stdout.strip()
        return report, f"pushed {commit} to {branch}" + (f" ({folder}/)" if folder else "")
