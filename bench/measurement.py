"""One benchmark run: start everything, load every server at each concurrency, check the result."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Sequence
from pathlib import Path

from bench.databases import bench_database, describe_database, seed_home_visits, stored_kudos
from bench.load_generator import await_confirmations, await_home_refreshes, run_load
from bench.load_phase import Phase
from bench.outcome import Outcome
from bench.run_environment import describe_app, environment_line
from bench.server_log import ServerLog
from bench.servers_under_test import APP, Server, start_servers
from bench.slash_commands import RECIPIENT, giver_id, signed_commands, unexpected_replies
from bench.timed_fake_slack import TimedFakeSlack
from tests.support.fake_slack import TEAM_ID


def _load(
    server: Server,
    fake: TimedFakeSlack,
    args: argparse.Namespace,
    *,
    prefix: str,
    team_id: str,
    count: int,
    concurrency: int,
) -> Phase:
    name = f"{server.label}-{prefix}"
    batch = signed_commands(count, prefix=name, team_id=team_id, fake=fake)
    phase = run_load(server, batch, concurrency=concurrency, timeout=args.phase_timeout)
    if server.label == APP:
        await_confirmations(phase, fake, server, timeout=args.completion_timeout)
    if server.label == APP and args.homes_open:  # so they never run into the next phase
        givers = {giver_id(name, index) for index in range(count)}
        await_home_refreshes(phase, fake, server, givers, timeout=args.completion_timeout)
    return phase


def _warm_up(
    servers: Sequence[Server], fake: TimedFakeSlack, args: argparse.Namespace, team_id: str
) -> int:
    """Warm every server up; how many requests went to the app."""
    sent_to_app = 0
    for server in servers:
        warm = _load(
            server, fake, args, prefix="warm", team_id=team_id, count=args.warmup, concurrency=4
        )
        sent_to_app += warm.requests if server.label == APP else 0
    return sent_to_app


def _prefix(concurrency: int, round_index: int) -> str:
    return f"c{concurrency}" if round_index == 0 else f"c{concurrency}r{round_index}"


def _app_batches(args: argparse.Namespace) -> list[tuple[str, int]]:
    """The app's batches as `_warm_up` and `_measured_phases` name them: (prefix, count)."""
    plan = [("warm", args.warmup), ("c1", args.requests_1)]
    rounds = [(_prefix(args.concurrency, r), args.requests_32) for r in range(args.rounds)]
    return [*plan, *rounds]


def _open_every_home(url: str, args: argparse.Namespace, team_id: str) -> None:
    """--homes-open: the recipient and every giver the app will see have Home open."""
    givers = (
        giver_id(f"{APP}-{prefix}", index)
        for prefix, count in _app_batches(args)
        for index in range(count)
    )
    seed_home_visits(url, team_id, [RECIPIENT, *givers])


def _measured_phases(
    servers: Sequence[Server], fake: TimedFakeSlack, args: argparse.Namespace, team_id: str
) -> list[Phase]:
    """Load every server from 1 client, then every server from --concurrency clients, in
    --rounds rounds that take turns (so a slower minute of the machine hits every server)."""
    plan = [
        (1, args.requests_1, 0),
        *((args.concurrency, args.requests_32, r) for r in range(args.rounds)),
    ]
    phases: list[Phase] = []
    for concurrency, count, round_index in plan:
        for server in servers:
            print(f"  {server.label:>8} c={concurrency:<3} {count} requests", flush=True)
            phase = _load(
                server,
                fake,
                args,
                prefix=_prefix(concurrency, round_index),
                team_id=team_id,
                count=count,
                concurrency=concurrency,
            )
            phase.round_index = round_index
            phases.append(phase)
    return phases


def _checked_outcome(
    *,
    environment: str,
    phases: list[Phase],
    sent_to_app: int,
    servers: Sequence[Server],
    fake: TimedFakeSlack,
    database_url: str,
    team_id: str,
) -> Outcome:
    """Read the stopped servers' logs, the stored kudos and the replies into an Outcome."""
    logs = {server.label: ServerLog.read(server.log_path) for server in servers}
    stored_rows, stored_acts = stored_kudos(database_url, team_id)
    app_names = {name for phase in phases if phase.app == APP for name in phase.names}
    return Outcome(
        environment=environment,
        phases=phases,
        sent_to_app=sent_to_app,
        stored_rows=stored_rows,
        stored_acts=stored_acts,
        unexpected=unexpected_replies(fake, app_names),
        fake_errors=list(fake.errors),
        logs=logs,
    )


def measure(args: argparse.Namespace, workdir: Path) -> Outcome:
    """Start everything, load every server at each concurrency, check the outcome."""
    team_id = TEAM_ID  # the fake's auth.test workspace: with one token the app serves only that one
    with (
        TimedFakeSlack() as fake,
        bench_database(args.database_url, workdir) as url,
        contextlib.ExitStack() as stack,
    ):
        environment = environment_line(describe_database(url), describe_app(fake.api_url))
        servers = start_servers(
            stack, database_url=url, slack_api_url=fake.api_url, workdir=workdir
        )
        if args.homes_open:
            _open_every_home(url, args, team_id)
        sent_to_app = _warm_up(servers, fake, args, team_id)
        phases = _measured_phases(servers, fake, args, team_id)
        sent_to_app += sum(phase.requests for phase in phases if phase.app == APP)
        stack.close()  # stop the servers: the app's work is over, its log complete
        return _checked_outcome(
            environment=environment,
            phases=phases,
            sent_to_app=sent_to_app,
            servers=servers,
            fake=fake,
            database_url=url,
            team_id=team_id,
        )
