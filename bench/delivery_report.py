"""The delivery benchmark's printed table, verdicts, diagnostics and --json figures."""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from typing import Any

from bench.delivery_run import ServerRun
from bench.delivery_servers import INLINE
from bench.load_phase import round_or_none
from bench.report import NOISE_CORES
from bench.server_log import ServerLog
from bench.servers_under_test import APP

TARGET_KUDOS_PER_S = 25.0  # the target, per process
TARGET_ACK_P99_MS = 100.0
HEADER = (
    f"{'server':<8}{'kudos':>7}{'acks/s':>9}{'non-200':>8}{'ack p50 ms':>12}{'ack p99 ms':>12}"
    f"{'completed':>11}{'kudos/s':>9}{'all done s':>12}"
)


def logged_errors(log: ServerLog) -> list[str]:
    """The ERROR/CRITICAL lines and traceback heads of a log (not Bolt's multi-line hints)."""
    return [
        line
        for line in log.errors
        if line.startswith("Traceback") or line.split(" ", 3)[2:3] in (["ERROR"], ["CRITICAL"])
    ]


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "-" if value is None or math.isnan(value) else format(value, spec)


def _row(run: ServerRun) -> str:
    phase = run.phase
    return (
        f"{run.label:<8}{len(run.kudos):>7}{phase.acks_per_second:>9.1f}{phase.non_200:>8}"
        f"{phase.latency_ms(0.5):>12.1f}{phase.latency_ms(0.99):>12.1f}"
        f"{run.completed:>11}{_fmt(run.kudos_per_second):>9}{_fmt(run.time_to_complete):>12}"
    )


def setting_lines(args: argparse.Namespace) -> list[str]:
    """What the fake Slack and the burst were set to."""
    low = args.latency_ms
    return [
        f"Slack latency: every Web API call and response_url post answers after "
        f"uniform({low:g}, {low * 1.25:g}) ms; chat.postMessage limited to 1/s per channel "
        "(burst 3)",
        f"burst: {args.kudos} kudos from {args.concurrency} clients over {args.channels} "
        "channels, every giver and recipient distinct",
        "completed = announced in its channel + DM'd to the recipient + confirmed on its "
        "response_url; kudos/s = kudos / (first request to last completion)",
        f"app: the real app (web and worker in one process); {INLINE}: bare Bolt, the work "
        "done inline after the ack on Bolt's listener pool (the old shape)",
        "non-200: acks other than HTTP 200 (Bolt answers 404 when no listener thread ran the "
        "ack within its 3 s)",
    ]


def ratio(runs: Sequence[ServerRun]) -> float | None:
    """Completed kudos/s of the app over the inline baseline's, when both completed."""
    rates = {run.label: run.kudos_per_second for run in runs}
    app, inline = rates.get(APP), rates.get(INLINE)
    return None if app is None or inline is None or inline <= 0 else app / inline


def verdict_lines(runs: Sequence[ServerRun]) -> list[str]:
    """The app/inline ratio and the app against the issue's targets."""
    lines = []
    if {run.label for run in runs} >= {APP, INLINE}:
        lines.append(f"completed kudos/s app/{INLINE}: {_fmt(ratio(runs), '.2f')}")
    for run in runs:
        if run.label != APP:
            continue
        rate, p99 = run.kudos_per_second, run.phase.latency_ms(0.99)
        rate_ok = rate is not None and rate >= TARGET_KUDOS_PER_S
        p99_ok = p99 < TARGET_ACK_P99_MS
        lines.append(
            f"target (app): >= {TARGET_KUDOS_PER_S:g} completed kudos/s: {_fmt(rate)} "
            f"({'met' if rate_ok else 'NOT met'}); ack p99 < {TARGET_ACK_P99_MS:g} ms: "
            f"{p99:.1f} ({'met' if p99_ok else 'NOT met'})"
        )
    return lines


def diagnostic_lines(runs: Sequence[ServerRun]) -> list[str]:
    """What each server logged, and posts that delivered no kudos of the burst."""
    lines = []
    for run in runs:
        warnings = run.log.summary() or "none"
        errors = len(logged_errors(run.log))
        lines.append(f"{run.label} log: {errors} error line(s); warnings: {warnings}")
        if run.tally.refused_posts:
            lines.append(f"{run.label}: {run.tally.refused_posts} chat.postMessage refused (429s)")
        if run.tally.stray:
            lines.append(f"{run.label}: {len(run.tally.stray)} ok post(s) delivering no kudos:")
            lines += [f"    {line}" for line in run.tally.stray[:3]]
    return lines + _noise_lines(runs)


def _noise_lines(runs: Sequence[ServerRun]) -> list[str]:
    usages = [(run.label, run.phase.usage) for run in runs]
    noisy = [
        f"{label}: {others:.2f}"
        for label, usage in usages
        if (others := usage.cores(usage.others)) is not None and others > NOISE_CORES
    ]
    if not noisy:
        return []
    return [
        "NOTE: other processes kept cores busy during the run (" + ", ".join(noisy) + "): "
        "these figures are noisy; rerun on a quiet machine."
    ]


def report(environment: str, args: argparse.Namespace, runs: Sequence[ServerRun]) -> str:
    """The printed report."""
    lines = [f"environment: {environment}", *setting_lines(args), ""]
    lines += [HEADER, "-" * len(HEADER), *(_row(run) for run in runs), ""]
    lines += [*verdict_lines(runs), *diagnostic_lines(runs)]
    return "\n".join(lines)


def to_json(environment: str, args: argparse.Namespace, runs: Sequence[ServerRun]) -> Any:
    """Everything for --json."""
    return {
        "environment": environment,
        "latency_ms": [args.latency_ms, args.latency_ms * 1.25],
        "kudos": args.kudos,
        "concurrency": args.concurrency,
        "channels": args.channels,
        "servers": [
            {**run.to_json(), "log_error_lines": len(logged_errors(run.log))} for run in runs
        ],
        "completed_kudos_per_s_app_over_inline": round_or_none(ratio(runs)),
    }
