"""One server's burst: send N kudos, wait (bounded) until each was delivered, count and check."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.databases import stored_kudos
from bench.delivery_burst import BurstKudos, burst_kudos, signed_burst
from bench.delivery_servers import inline_database_url, start_server
from bench.delivery_tally import Tally, tally_deliveries
from bench.inline_bolt_app import stored_inline_kudos
from bench.load_generator import run_load
from bench.load_phase import Phase, round_or_none
from bench.resource_usage import Snapshot
from bench.server_log import ServerLog
from bench.servers_under_test import APP, Server
from bench.stamped_fake_slack import StampedFakeSlack
from tests.support.fake_slack import TEAM_ID

POLL_S = 0.25  # how often the completion wait recounts
GRACE_S = 3.0  # after the last completion, how long to keep watching for duplicate deliveries


@dataclass
class ServerRun:
    """What one server's burst measured: acks (and completions) per kudos, deliveries, rows."""

    label: str
    kudos: list[BurstKudos]
    phase: Phase  # phase.confirmations: when each kudos was completed
    tally: Tally
    stored: int | None
    stored_error: str | None
    log: ServerLog
    fake_errors: list[str]

    @property
    def completed(self) -> int:
        """Kudos announced, DM'd and confirmed (at least once each)."""
        return len(self.phase.confirmations)

    @property
    def time_to_complete(self) -> float | None:
        """Seconds from the first request to the last completion, when every kudos completed."""
        last = self.phase.completed_at
        if last is None or self.completed < len(self.kudos):
            return None
        return last - self.phase.first_send

    @property
    def kudos_per_second(self) -> float | None:
        """N / time_to_complete; None unless every kudos completed."""
        elapsed = self.time_to_complete
        return None if elapsed is None or elapsed <= 0 else len(self.kudos) / elapsed

    def problems(self) -> list[str]:
        """Loud problems: kudos lost, duplicated or refused, requests failed, rows missing."""
        where, phase = self.label, self.phase
        miscounts = self.tally.miscounts(self.kudos)
        found = [f"{where}: {len(miscounts)} kudos not delivered exactly once"] if miscounts else []
        found += [f"{where}: {line}" for line in miscounts[:10]]
        found += [f"{where}: fake Slack error {line}" for line in self.fake_errors[:10]]
        found += [f"{where}: unexpected {line}" for line in self.tally.unexpected[:10]]
        if phase.unsent:
            found.append(f"{where}: {phase.unsent} kudos never sent (--timeout)")
        if phase.non_200 and self.label == APP:  # the baseline's late acks are its shape
            found.append(f"{where}: {phase.non_200} non-200 acks")
        if self.completed < len(self.kudos):
            found.append(f"{where}: {len(self.kudos) - self.completed} kudos never completed")
        if self.stored_error is not None:
            found.append(f"{where}: could not count stored kudos: {self.stored_error}")
        elif self.stored != len(self.kudos):
            found.append(f"{where}: {self.stored} kudos rows stored for {len(self.kudos)} sent")
        return found

    def to_json(self) -> dict[str, Any]:
        """Figures for --json."""
        figures = self.phase.to_json()  # its "confirm" figures are completions here
        for key in ("confirmed", "not_confirmed", "confirm_p50_ms", "confirm_p99_ms"):
            figures.pop(key)
        return {
            **figures,
            "server": self.label,
            "complete_p50_ms": round_or_none(self.phase.confirm_latency_ms(0.5)),
            "complete_p99_ms": round_or_none(self.phase.confirm_latency_ms(0.99)),
            "completed": self.completed,
            "time_to_complete_s": round_or_none(self.time_to_complete),
            "completed_kudos_per_s": round_or_none(self.kudos_per_second),
            "stored_rows": self.stored,
            "stray_posts": len(self.tally.stray),
            "refused_posts": self.tally.refused_posts,
            "problems": self.problems(),
        }


def _await_completion(
    fake: StampedFakeSlack, kudos: list[BurstKudos], server: Server, phase: Phase, deadline: float
) -> Tally:
    """Recount until every kudos completed (then GRACE_S more) or the deadline; CPU counted."""
    before = Snapshot.take(server.pid)
    tally = tally_deliveries(fake, kudos)
    while len(tally.completions(kudos)) < len(kudos) and time.monotonic() < deadline:
        time.sleep(POLL_S)
        tally = tally_deliveries(fake, kudos)
    if len(tally.completions(kudos)) == len(kudos):
        time.sleep(GRACE_S)  # duplicates (a retried post, a second worker) show up here
        tally = tally_deliveries(fake, kudos)
    phase.usage.add(before, Snapshot.take(server.pid))
    return tally


def _count_rows(label: str, url: str, team_id: str) -> tuple[int | None, str | None]:
    try:
        rows = stored_kudos(url, team_id)[0] if label == APP else stored_inline_kudos(url, team_id)
    except Exception as error:  # the app's schema is not the benchmark's to pin down
        return None, f"{type(error).__name__}: {error}"
    return rows, None


def run_server(
    label: str, fake: StampedFakeSlack, args: argparse.Namespace, *, url: str, workdir: Path
) -> ServerRun:
    """Start server `label`, send it the burst, wait for its deliveries, stop it, check."""
    team_id = TEAM_ID  # the fake's auth.test workspace: with one token the app serves only that one
    kudos = burst_kudos(args.kudos, channels=args.channels, tag=label.upper())
    url = url if label == APP else inline_database_url(url, workdir)
    with start_server(label, database_url=url, slack_api_url=fake.api_url, workdir=workdir) as srv:
        fake.reset()  # a fresh Slack for this server: no recordings, full rate buckets
        commands = signed_burst(kudos, team_id=team_id, fake=fake)
        deadline = time.monotonic() + args.timeout
        phase = run_load(srv, commands, concurrency=args.concurrency, timeout=args.timeout)
        tally = _await_completion(fake, kudos, srv, phase, deadline)
    phase.confirmations = tally.completions(kudos)
    phase.not_confirmed = len(kudos) - len(phase.confirmations)
    stored, stored_error = _count_rows(label, url, team_id)
    log = ServerLog.read(srv.log_path)
    return ServerRun(label, kudos, phase, tally, stored, stored_error, log, list(fake.errors))
