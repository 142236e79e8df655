"""Run the real `kudos-bot serve` in a subprocess, as production does, against a fake Slack."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BOT_TOKEN = "xoxb-111-222-e2eTestTokenValue"
SIGNING_SECRET = "e2e0signing0secret0abcdef0123456"


@dataclass(frozen=True)
class LiveServer:
    """A running app: where to send Slack's requests, and where it logs."""

    base_url: str
    log_path: Path

    @property
    def events_url(self) -> str:
        """The Slack request URL."""
        return self.base_url + "/slack/events"

    def log(self) -> str:
        """Everything the server logged so far."""
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, needle: str, timeout: float = 5.0) -> None:
        """Block until the log contains `needle`."""
        deadline = time.monotonic() + timeout
        while needle not in self.log():
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never logged:\n{self.log()[-3000:]}")
            time.sleep(0.05)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Block until `url`/healthz answers 200; AssertionError if `process` exits or 30 s pass."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"server never became healthy:\n{log_path.read_text()}")


@contextmanager
def live_server(
    *, database_url: str, slack_api_url: str, workdir: Path, log_level: str = "DEBUG"
) -> Iterator[LiveServer]:
    """Start `kudos-bot serve` on a free port at LOG_LEVEL `log_level`; stop it afterwards."""
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": log_level,
    }
    log_path = workdir / "server.log"
    command = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base_url, process, log_path)
        yield LiveServer(base_url=base_url, log_path=log_path)
    finally:
        process.terminate()
        process.wait(timeout=10)
