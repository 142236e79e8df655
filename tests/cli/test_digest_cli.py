"""`kudos-bot digest`, `kudos-bot scheduler` and `serve --no-scheduler`, run as real processes."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.schedule import Scope
from storage.database import Database
from storage.schema import upgrade_schema
from tests.support.cli import run_cli
from tests.support.fake_slack import FakeSlack
from tests.support.live_server import free_port
from tests.support.scheduling import give, schedule


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def _env(slack: FakeSlack, url: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "SLACK_BOT_TOKEN": "xoxb-cli-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": url,
    }


def _database(tmp_path: Path) -> tuple[str, Database]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    database = Database.from_url(url)
    upgrade_schema(database.engine)
    return url, database


def test_dry_run_prints_blocks_and_text_and_posts_nothing(tmp_path: Path, slack: FakeSlack) -> None:
    url, database = _database(tmp_path)
    schedule(database, "CTEAM", scope=Scope.CHANNEL)
    slack.set_channel_members("CTEAM", ["UANA"])
    give(
        database, "k1", ("UANA",), datetime.now(UTC) - timedelta(days=3), message="fixed the build"
    )
    result = run_cli(["digest", "--channel", "CTEAM", "--dry-run"], _env(slack, url), tmp_path)
    assert result.returncode == 0, result.stderr
    blocks_json, text = result.stdout.split("\n\n--- as text ---\n")
    payload = json.loads(blocks_json)
    assert payload["channel"] == "CTEAM" and len(payload["blocks"]) <= 50
    assert "*1 kudos* this week" in text and "fixed the build" in text
    assert slack.calls_to("chat.postMessage") == []
    assert [c.params["channel"] for c in slack.calls_to("conversations.members")] == ["CTEAM"]


def test_digest_without_dry_run_posts(tmp_path: Path, slack: FakeSlack) -> None:
    url, _ = _database(tmp_path)
    result = run_cli(["digest", "--channel", "CNEW"], _env(slack, url), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "posted the digest to CNEW" in result.stdout
    (call,) = slack.calls_to("chat.postMessage")
    assert call.params["channel"] == "CNEW"
    assert "A quiet week" in json.dumps(call.params["blocks"])


def test_digest_in_a_channel_slack_refuses_is_one_clear_line(
    tmp_path: Path, slack: FakeSlack
) -> None:
    url, _ = _database(tmp_path)
    slack.fail("conversations.members", "channel_not_found")
    result = run_cli(["digest", "--channel", "CNOPE", "--team", "T1"], _env(slack, url), tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "kudos-bot: Slack said 'channel_not_found' to conversations.members. Check the ids you "
        "gave, and the app's token, scopes and channels."
    )


def _started_log(args: list[str], env: dict[str, str], cwd: Path, needle: str) -> str:
    log_path = cwd / "out.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "bot.cli", *args],
            env={**env, "LOG_LEVEL": "INFO"},
            cwd=cwd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(600):
            if needle in log_path.read_text() or process.poll() is not None:
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.05)
        return log_path.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_scheduler_command_runs_the_jobs_alone(tmp_path: Path, slack: FakeSlack) -> None:
    url, _ = _database(tmp_path)
    log = _started_log(["scheduler"], _env(slack, url), tmp_path, "scheduler running")
    assert "scheduler running: scheduled-posts" in log


@pytest.mark.parametrize(("flag", "runs"), [([], True), (["--no-scheduler"], False)])
def test_serve_runs_the_scheduler_unless_told_not_to(
    tmp_path: Path, slack: FakeSlack, flag: list[str], runs: bool
) -> None:
    url, _ = _database(tmp_path)
    args = ["serve", "--host", "127.0.0.1", "--port", str(free_port()), *flag]
    log = _started_log(args, _env(slack, url), tmp_path, "serving Slack requests")
    assert "serving Slack requests" in log
    assert ("scheduler running in this process: scheduled-posts" in log) is runs


def test_procfile_runs_web_worker_and_clock_separately() -> None:
    lines = (Path(__file__).resolve().parents[2] / "Procfile").read_text().splitlines()
    assert "web: kudos-bot serve --port $PORT --no-scheduler --no-worker" in lines
    assert "worker: kudos-bot worker" in lines
    assert "clock: kudos-bot scheduler" in lines
