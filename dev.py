#!/usr/bin/env python3
"""The project's two commands, each setting up what it needs on a fresh machine.

    python3 dev.py run    start the app on the embedded TM (created and seeded on first start)
    python3 dev.py test   run the checks and the whole test suite (what CI runs)

Both make a virtual environment in .venv and install the pinned requirements into it (again
only when a requirements file changes). `test` also installs Debian's chromium for the browser
test when it is missing and we are root. Extra arguments go to streamlit or pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
CHROMIUM = Path("/usr/bin/chromium")


def _say(message: str) -> None:
    print(f"[dev] {message}", file=sys.stderr, flush=True)


def _run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, env=env, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def _requirements_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for line in path.read_text(encoding="utf-8").splitlines():
        digest.update(line.encode())
        if line.startswith("-r "):
            digest.update(_requirements_digest(path.parent / line[3:].strip()).encode())
    return digest.hexdigest()


def ensure_environment(requirements: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  (this file runs before any venv exists)
        sys.exit(f"Python 3.11 or newer is needed (found {sys.version.split()[0]})")
    if not PYTHON.exists():
        _say(f"creating the virtual environment in {VENV}")
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{requirements}"
    wanted = _requirements_digest(ROOT / requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    _say(f"installing {requirements}")
    _run(
        PYTHON,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-r",
        ROOT / requirements,
    )
    stamp.write_text(wanted)


def ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(
            f"the browser test needs Debian's chromium at {CHROMIUM}: "
            "run 'apt-get install chromium' as root"
        )
    _say("installing chromium with apt-get (for the browser test)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _run("apt-get", "update", "-qq", env=env)
    _run("apt-get", "install", "-y", "-qq", "chromium", env=env)


def run_app(extra: list[str]) -> None:
    ensure_environment("requirements.txt")
    os.execv(PYTHON, [str(PYTHON), "-m", "streamlit", "run", str(ROOT / "app.py"), *extra])


def run_tests(extra: list[str]) -> None:
    ensure_environment("requirements-dev.txt")
    ensure_chromium()
    _say("ruff")
    _run(PYTHON, "-m", "ruff", "check", ".")
    _say("mypy (tm/ is strictly typed)")
    _run(PYTHON, "-m", "mypy")
    _say("pytest")
    _run(PYTHON, "-m", "pytest", *extra)


COMMANDS = {"run": run_app, "test": run_tests}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
