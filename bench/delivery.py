"""Delivery benchmark: how fast a burst of kudos is completed when Slack answers slowly.

``python -m bench.delivery`` (``make bench-delivery``) starts a fake Slack (tests.support)
in this process whose every Web API call and response_url post answers after
uniform(L, 1.25 L) (``--latency-ms`` L, default 200) and which limits chat.postMessage to
Slack's ~1 message/s per channel (burst 3). It then sends a burst of ``--kudos`` N signed
`/kudos <@R{i}> #respect ...` from ``--concurrency`` clients on persistent connections
(bench.load_generator), kudos i from giver G{i} in channel C{i % --channels}, to two servers,
one after the other, each with a fresh fake Slack state and fresh ids:

* ``app``: the real app (`kudos-bot serve` via tests.support.live_server: web and worker in one
  process);
* ``inline``: the old shape (bench.inline_bolt_app): bare Bolt doing the work inline after
  the ack, on its listener threads.

A kudos is completed when the fake recorded its announcement (an ok chat.postMessage to its
channel mentioning R{i}), its DM (to R{i}) and the giver's confirmation (an ok post to its
response_url). It measures ack p50/p99, the time from the first request to the last completion
and completed kudos/s = N / that time, and checks that every kudos was announced, DM'd and
confirmed exactly once and stored once (exit status 1 and loud problems otherwise).

Everything stays on 127.0.0.1, every loop and wait is bounded (``--timeout`` per server).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.databases import bench_database, describe_database
from bench.delivery_report import logged_errors, report, to_json
from bench.delivery_run import ServerRun, run_server
from bench.delivery_servers import SERVERS
from bench.run_environment import describe_app, environment_line
from bench.stamped_fake_slack import StampedFakeSlack


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.delivery",
        description="Benchmark completing a burst of kudos against a slow fake Slack.",
    )
    add = parser.add_argument
    add("--latency-ms", type=float, default=200.0, help="Slack's answer time, low end (ms)")
    add("--kudos", type=int, default=200, help="kudos in the burst (default 200)")
    add("--concurrency", type=int, default=32, help="clients sending the burst (default 32)")
    add("--channels", type=int, default=100, help="channels the kudos are given in")
    add(
        "--database-url",
        help="sqlite:///path, or postgresql://user@host:port/db to run in a throwaway database "
        "on that server (default: a temporary SQLite file)",
    )
    add("--timeout", type=float, default=120.0, help="seconds per server to complete the burst")
    add("--servers", default=",".join(SERVERS), help="which servers, in order (app,inline)")
    add("--json", type=Path, metavar="PATH", help="also write the figures here")
    return parser


def _checked(argv: Sequence[str] | None) -> argparse.Namespace:
    args = _parser().parse_args(argv)
    if min(args.kudos, args.concurrency, args.channels) < 1 or args.timeout <= 0:
        raise SystemExit("--kudos, --concurrency, --channels and --timeout must be positive")
    if args.latency_ms < 0:
        raise SystemExit("--latency-ms must be >= 0")
    args.servers = [label.strip() for label in args.servers.split(",") if label.strip()]
    if not args.servers or set(args.servers) - set(SERVERS):
        raise SystemExit(f"--servers: a comma-separated list of {', '.join(SERVERS)}")
    return args


def _run(args: argparse.Namespace, workdir: Path) -> tuple[str, list[ServerRun]]:
    """The environment line and every server's run."""
    with StampedFakeSlack() as fake, bench_database(args.database_url, workdir) as url:
        low = args.latency_ms / 1000
        fake.set_latency(low, low * 1.25)
        fake.enforce_channel_rate(1.0, burst=3)
        environment = environment_line(describe_database(url), describe_app(fake.api_url))
        runs = []
        for label in args.servers:
            print(f"  {label:>8}: {args.kudos} kudos from {args.concurrency} clients", flush=True)
            runs.append(run_server(label, fake, args, url=url, workdir=workdir))
        return environment, runs


def _print_problems(runs: Sequence[ServerRun], problems: list[str]) -> None:
    print("\n!!! PROBLEMS !!!", file=sys.stderr)
    for problem in problems:
        print(f"!!! {problem}", file=sys.stderr)
    for run in runs:
        for line in logged_errors(run.log)[:10]:
            print(f"    {run.label} log: {line}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a kudos was lost, duplicated or anything failed."""
    args = _checked(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kudos-delivery-") as tmp:
        environment, runs = _run(args, Path(tmp))
    print()
    print(report(environment, args, runs))
    print(f"(whole run: {time.monotonic() - started:.1f} s)")
    if args.json is not None:
        args.json.write_text(json.dumps(to_json(environment, args, runs), indent=2) + "\n")
    problems = [problem for run in runs for problem in run.problems()]
    if problems:
        _print_problems(runs, problems)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
