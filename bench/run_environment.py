"""The environment line: Python, cores, database, the app's Bolt set-up and library versions."""

from __future__ import annotations

import hashlib
import os
import platform
from importlib.metadata import version

from bench.servers_under_test import REPO_ROOT
from bot.runtime.server import HTTP_THREADS
from storage.database import Database
from tests.support.live_server import BOT_TOKEN, SIGNING_SECRET

SERVER_THREADS = HTTP_THREADS  # serve_http's default; every server under test is served with it


def source_fingerprint() -> str:
    """A short hash of the app's source (bot, handlers, storage), to tie figures to code."""
    digest = hashlib.sha256()
    for folder in ("bot", "handlers", "storage"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def describe_app(slack_api_url: str) -> str:
    """How the real app configures Bolt, read off an app built in-process from the same code."""
    try:
        from bot.app import create_app
        from bot.config import settings_from_mapping
        from bot.deps import CPU_SLOTS
        from bot.runtime.worker import CAPACITY

        settings = settings_from_mapping(
            {
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": slack_api_url,
                "DATABASE_URL": "sqlite://",
            }
        )
        database = Database.from_url("sqlite://")
        try:
            app = create_app(settings, database=database)
            threads = ", ".join(f"{k.value} {n}" for k, n in CAPACITY.items())
            return (
                f"process_before_response={app.process_before_response}, "
                f"worker threads: {threads}; CPU slots {CPU_SLOTS}"
            )
        finally:
            database.dispose()
    except Exception as error:  # the app's code is not the benchmark's to pin down
        return f"unknown ({type(error).__name__})"


def environment_line(database: str, app: str) -> str:
    """Python, cores, database backend, the app's Bolt set-up and the versions that matter."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{usable} cores usable ({os.cpu_count()} online), database {database}; "
        f"slack_bolt {version('slack_bolt')}, slack_sdk {version('slack_sdk')}, "
        f"waitress {version('waitress')} ({SERVER_THREADS} threads); "
        f"app ({app}; source {source_fingerprint()})"
    )
