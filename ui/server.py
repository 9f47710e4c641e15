"""Running the app in a subprocess on a free local port: for browser tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"
# The browser that drives the app in tests and benchmarks: Debian's Chromium (Playwright's
# own builds cannot be downloaded here), kept from reaching Google's hosts on a closed
# network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {seconds} s")


@contextlib.contextmanager
def running_app(
    *,
    tm_uri: str | None = None,
    data_dir: str | None = None,
    env: Mapping[str, str] | None = None,
    seconds: float = 90,
) -> Iterator[str]:
    """The app on 127.0.0.1 serving the TM at `tm_uri`, or the embedded (demo-seeded) TM of
    the data folder `data_dir`; yields its URL, stops it after. `env`: more environment for
    the server, such as `{"WORKBENCH_USER": "ed"}`, the user it vouches for (none is
    inherited from the caller's environment)."""
    server_env = dict(os.environ)
    for inherited in ("WORKBENCH_TM", "WORKBENCH_USER"):
        server_env.pop(inherited, None)
    if tm_uri is not None:
        server_env["WORKBENCH_TM"] = tm_uri
    if data_dir is not None:
        server_env["WORKBENCH_DATA"] = data_dir
    server_env.update(env or {})
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            # The code under test stays as it started: no module reloaded when a source file
            # changes during the run (half-reloaded modules hold two classes of one name).
            "--server.fileWatcherType",
            "none",
        ],
        cwd=APP.parent,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server, seconds)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
