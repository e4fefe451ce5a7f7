"""A new user's first minute: seconds from `make run` in a fresh clone to the
first page served.

    python3 tests/benchmarks/first_run.py [--rev REVISION] [--runs N] [--empty-caches]

Each run clones this repository (its commit REVISION, default ``HEAD``) into a
temporary folder, runs `make run` there with a virtualenv and a port of its own,
asks for http://127.0.0.1:PORT/ until it answers 200, then stops the server and
removes the folder. Printed for each run: when each command of `make run`
started, and the seconds to the first page. The clone is not timed.
--empty-caches gives the run an empty cache folder (no pip or uv cache, and no uv
fetched before: see .ci/install.py), as on a machine that never installed these
packages.
"""

# The tools it runs (git, make) are found on PATH.
# ruff: noqa: S607
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a local URL)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def first_run(rev: str, empty_caches: bool) -> float:
    work = Path(tempfile.mkdtemp(prefix="first-run-"))
    try:
        clone = work / "portfolio"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "-C", str(clone), "checkout", "-q", rev], check=True)
        venv, port = work / "venv", free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
        if empty_caches:
            env["XDG_CACHE_HOME"] = str(work / "cache")
            env.pop("PIP_CACHE_DIR", None)
            env.pop("UV_CACHE_DIR", None)
        steps: list[tuple[float, str]] = []
        log: list[str] = []
        start = time.monotonic()
        make = subprocess.Popen(
            ["make", "run", f"VENV={venv}", f"PORT={port}"],
            cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )  # fmt: skip

        def read_output():
            # The commands make echoes name the virtualenv; what they print does not.
            for line in make.stdout:
                log.append(line)
                if str(venv) in line:
                    command = line.strip().replace(str(venv), "$VENV")
                    steps.append((time.monotonic() - start, command))

        reader = threading.Thread(target=read_output, daemon=True)
        reader.start()
        url = f"http://127.0.0.1:{port}/"
        try:
            while not answers(url):
                if make.poll() is not None:
                    sys.exit(f"make run stopped (exit {make.returncode}):\n{''.join(log[-40:])}")
                if time.monotonic() - start > TIMEOUT:
                    sys.exit(f"no page after {TIMEOUT} s:\n{''.join(log[-40:])}")
                time.sleep(0.05)
            seconds = time.monotonic() - start
        finally:
            if make.poll() is None:
                os.killpg(make.pid, signal.SIGTERM)
            make.wait(timeout=30)
        for at, command in steps:
            print(f"  {at:6.2f} s  {command[:110]}")
        print(f"first page: {seconds:.2f} s")
        return seconds
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default="HEAD", help="the commit to clone (default HEAD)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--empty-caches", action="store_true")
    args = parser.parse_args()
    rev = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", args.rev],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    figures = []
    for run in range(1, args.runs + 1):
        print(f"run {run} of {args.runs}, commit {rev}")
        figures.append(first_run(rev, args.empty_caches))
    if len(figures) > 1:
        print("first page: " + ", ".join(f"{s:.2f}" for s in figures) + " s")


if __name__ == "__main__":
    main()
