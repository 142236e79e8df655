"""Helpers for the end-to-end tests of the task queue: own servers per test (to stop, kill and
restart them), bursts of kudos, and counting what reached the fake Slack and the database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from storage.database import Database
from tests.support.databases import throwaway_postgres
from tests.support.e2e import wait_until
from tests.support.fake_slack import TEAM_ID, ApiCall, FakeSlack
from tests.support.live_server import SIGNING_SECRET, AppProcess, start_server, start_worker
from tests.support.slack_requests import SlackSender

MSG = "stayed late to get the release out of the door"
UNFINISHED = ("queued", "waiting", "running")


@dataclass(frozen=True)
class Gift:
    """One `/kudos` from `giver` to `receiver` in `channel`, answered on response_url `name`."""

    giver: str
    receiver: str
    channel: str
    name: str

    @property
    def text(self) -> str:
        """The command text."""
        return f"<@{self.receiver}> #empathy {MSG} ({self.name})"


def gifts(tag: str, count: int, *, channels: int) -> list[Gift]:
    """`count` gifts from distinct givers to distinct recipients over `channels` channels."""
    return [
        Gift(f"UG{tag}{i}", f"UR{tag}{i}", f"C{tag}{i % channels}", f"{tag.lower()}{i}")
        for i in range(count)
    ]


@dataclass
class Site:
    """A database and a fake Slack that outlive the app processes a test starts and stops."""

    backend: str
    url: str
    slack: FakeSlack
    workdir: Path
    database: Database
    team_id: str = TEAM_ID  # the bot token's workspace: each site has a database of its own
    processes: list[AppProcess] = field(default_factory=list)
    _logs: int = 0

    def _log_name(self, what: str) -> str:
        self._logs += 1
        return f"{what}-{self._logs}.log"

    def serve(
        self, *, extra_env: Mapping[str, str] | None = None, no_worker: bool = False
    ) -> AppProcess:
        """Start `kudos-bot serve` on this site (a new log file each time)."""
        app = start_server(
            database_url=self.url,
            slack_api_url=self.slack.api_url,
            workdir=self.workdir,
            log_name=self._log_name("serve"),
            extra_env=extra_env,
            no_worker=no_worker,
        )
        self.processes.append(app)
        return app

    def worker(self, *, extra_env: Mapping[str, str] | None = None) -> AppProcess:
        """Start `kudos-bot worker` on this site."""
        app = start_worker(
            database_url=self.url,
            slack_api_url=self.slack.api_url,
            workdir=self.workdir,
            log_name=self._log_name("worker"),
            extra_env=extra_env,
        )
        self.processes.append(app)
        return app

    def send(self, app: AppProcess, gift: Gift, **kw: Any) -> int:
        """Send `gift` as a signed slash command to `app`; the HTTP status of the ack."""
        sender = SlackSender(app.server.events_url, SIGNING_SECRET, timeout=5)
        result = sender.command(
            gift.text,
            response_url=self.slack.response_url(gift.name),
            team_id=self.team_id,
            user_id=gift.giver,
            channel_id=gift.channel,
            **kw,
        )
        return result.status

    def burst(self, app: AppProcess, batch: Iterable[Gift], *, threads: int = 8) -> list[Gift]:
        """Send `batch` concurrently; the gifts acked 200 (a failed connection is not acked)."""

        def one(gift: Gift) -> Gift | None:
            try:
                return gift if self.send(app, gift) == 200 else None
            except OSError:
                return None

        with ThreadPoolExecutor(threads) as pool:
            return [g for g in pool.map(one, batch) if g is not None]

    def task_statuses(self) -> Counter[str]:
        """How many of the workspace's tasks stand in each status."""
        return task_statuses(self.database, self.team_id)

    def tasks(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The workspace's task rows (of `kind`), oldest first."""
        return task_rows(self.database, self.team_id, kind)

    def wait_drained(self, timeout: float) -> None:
        """Wait until every task of the workspace has ended (done or failed)."""
        wait_drained(self.database, self.team_id, timeout)

    def stored(self) -> Counter[tuple[str, str]]:
        """(giver, receiver) of every kudos row stored for the workspace, counted."""
        query = text("SELECT giver_id, receiver_id FROM kudos WHERE team_id = :team")
        with self.database.engine.connect() as connection:
            rows = connection.execute(query, {"team": self.team_id}).all()
        return Counter((str(giver), str(receiver)) for giver, receiver in rows)


def task_statuses(database: Database, team_id: str) -> Counter[str]:
    """How many of a workspace's tasks stand in each status."""
    query = text("SELECT status, COUNT(*) FROM task WHERE team_id = :team GROUP BY status")
    with database.engine.connect() as connection:
        rows = connection.execute(query, {"team": team_id}).all()
    return Counter({str(status): int(count) for status, count in rows})


def task_rows(database: Database, team_id: str, kind: str | None = None) -> list[dict[str, Any]]:
    """A workspace's task rows (of `kind`), oldest first."""
    query = text(
        "SELECT * FROM task WHERE team_id = :team ORDER BY id"
        if kind is None
        else "SELECT * FROM task WHERE team_id = :team AND kind = :kind ORDER BY id"
    )
    with database.engine.connect() as connection:
        rows = connection.execute(query, {"team": team_id, "kind": kind})
        return [dict(row._mapping) for row in rows]


def wait_drained(database: Database, team_id: str, timeout: float = 10.0) -> None:
    """Wait until every task of a workspace has ended (done or failed)."""

    def drained() -> bool:
        statuses = task_statuses(database, team_id)
        return not any(statuses[s] for s in UNFINISHED)

    wait_until(
        drained, f"the queue drained (still {dict(task_statuses(database, team_id))})", timeout
    )


@contextmanager
def open_site(backend: str, workdir: Path) -> Iterator[Site]:
    """A fresh database on `backend` and a fake Slack; every process started is stopped after."""
    with FakeSlack() as slack:
        if backend == "postgres":
            with throwaway_postgres() as url:
                yield from _site(backend, url, slack, workdir)
        else:
            yield from _site(backend, f"sqlite:///{workdir / 'kudos.db'}", slack, workdir)


def _site(backend: str, url: str, slack: FakeSlack, workdir: Path) -> Iterator[Site]:
    database = Database.from_url(url.replace("postgresql://", "postgresql+psycopg://"))
    site = Site(backend, url, slack, workdir, database)
    try:
        yield site
    finally:
        for app in site.processes:
            app.stop()
        database.dispose()


def posts(slack: FakeSlack, channel: str) -> list[ApiCall]:
    """chat.postMessage calls Slack answered ok, to `channel` (a channel, or a user's DM)."""
    return [c for c in slack.delivered("chat.postMessage") if c.params.get("channel") == channel]


def attempts(slack: FakeSlack, channel: str) -> list[ApiCall]:
    """Every chat.postMessage call to `channel`, however Slack answered."""
    return [c for c in slack.calls_to("chat.postMessage") if c.params.get("channel") == channel]


def mentions(call: ApiCall, user_id: str) -> bool:
    """Whether the post names `user_id` (in its text or blocks)."""
    return f"<@{user_id}>" in str(call.params.get("text", "")) + str(call.params.get("blocks", ""))


def announcements(slack: FakeSlack, gift: Gift) -> list[ApiCall]:
    """The ok posts announcing `gift` in its channel."""
    return [c for c in posts(slack, gift.channel) if mentions(c, gift.receiver)]


def direct_messages(slack: FakeSlack, gift: Gift) -> list[ApiCall]:
    """The ok DMs to the receiver of `gift` (receivers are distinct, so all of them are it)."""
    return posts(slack, gift.receiver)


def confirmations(slack: FakeSlack, gift: Gift) -> list[str]:
    """The texts of the giver's confirmations: on the response_url, else by DM to the giver."""
    texts = [str(r.body.get("text")) for r in slack.delivered_responses(gift.name)]
    texts += [str(c.params.get("text")) for c in posts(slack, gift.giver)]
    return [t for t in texts if t.startswith(":white_check_mark:")]


@dataclass(frozen=True)
class Tally:
    """How often each step of each gift happened."""

    stored: dict[Gift, int]
    announced: dict[Gift, int]
    dmed: dict[Gift, int]
    confirmed: dict[Gift, int]

    def complete(self) -> bool:
        """Every step of every gift happened at least once."""
        steps = (self.stored, self.announced, self.dmed, self.confirmed)
        return all(count >= 1 for step in steps for count in step.values())

    def duplicates(self) -> dict[str, int]:
        """Repeats per step (0 everywhere when every step happened exactly once)."""
        steps = {
            "stored": self.stored,
            "announced": self.announced,
            "dmed": self.dmed,
            "confirmed": self.confirmed,
        }
        return {name: sum(max(0, c - 1) for c in step.values()) for name, step in steps.items()}

    def missing(self) -> dict[str, list[str]]:
        """The gifts (by name) for which a step never happened."""
        steps = {
            "stored": self.stored,
            "announced": self.announced,
            "dmed": self.dmed,
            "confirmed": self.confirmed,
        }
        return {
            name: [g.name for g, c in step.items() if c == 0]
            for name, step in steps.items()
            if any(c == 0 for c in step.values())
        }


def tally(site: Site, batch: Iterable[Gift]) -> Tally:
    """Count every step of every gift in `batch`, in the database and at the fake Slack."""
    batch = list(batch)
    stored = site.stored()
    slack = site.slack
    return Tally(
        stored={g: stored[(g.giver, g.receiver)] for g in batch},
        announced={g: len(announcements(slack, g)) for g in batch},
        dmed={g: len(direct_messages(slack, g)) for g in batch},
        confirmed={g: len(confirmations(slack, g)) for g in batch},
    )


def wait_complete(site: Site, batch: Iterable[Gift], timeout: float) -> Tally:
    """Wait until every step of every gift in `batch` happened; then until the queue drained."""
    batch = list(batch)

    def done() -> bool:
        return tally(site, batch).complete()

    try:
        wait_until(done, f"all {len(batch)} kudos stored, announced, DM'd, confirmed", timeout)
    except AssertionError as error:
        unfinished = [
            {k: t[k] for k in ("id", "kind", "status", "attempts", "waiting", "error")}
            for t in site.tasks()
            if t["status"] != "done"
        ]
        missing = tally(site, batch).missing()
        raise AssertionError(f"{error}: missing {missing}; unfinished {unfinished}") from None
    site.wait_drained(timeout)
    return tally(site, batch)
