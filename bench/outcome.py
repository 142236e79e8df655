"""Everything one benchmark run measured and checked, with its problems and --json figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from bench.load_phase import Phase, round_or_none
from bench.server_log import ServerLog
from bench.servers_under_test import APP, BASELINES

SLACK_LIMIT_MS = 3000.0


def _phase_problems(phase: Phase) -> list[str]:
    where = f"{phase.app} c={phase.concurrency}"
    found = []
    if phase.non_200:
        found.append(f"{where}: {phase.non_200} non-200 answers")
    if phase.unsent:
        found.append(f"{where}: {phase.unsent} never sent (phase timeout)")
    if phase.not_confirmed:
        found.append(f"{where}: {phase.not_confirmed} never confirmed")
    return found


@dataclass
class Outcome:
    """Everything one run measured and checked."""

    environment: str
    phases: list[Phase]
    sent_to_app: int
    stored_rows: int
    stored_acts: int
    unexpected: list[str]
    fake_errors: list[str]
    logs: dict[str, ServerLog]

    def phase(self, app: str, concurrency: int) -> Phase | None:
        """The first phase measured for this app at this concurrency."""
        return next((p for p in self.phases if (p.app, p.concurrency) == (app, concurrency)), None)

    def rounds(self, app: str, concurrency: int) -> list[Phase]:
        """Every round measured for this app at this concurrency, in order."""
        return [p for p in self.phases if (p.app, p.concurrency) == (app, concurrency)]

    def round_ratios(self, concurrency: int, baseline: str = "bare") -> list[float]:
        """App acks/s over the baseline's, round by round (each pair measured back to back)."""
        pairs = zip(self.rounds(APP, concurrency), self.rounds(baseline, concurrency), strict=False)
        return [a.acks_per_second / b.acks_per_second for a, b in pairs if b.acks_per_second]

    @property
    def concurrencies(self) -> list[int]:
        """The client counts measured."""
        return sorted({phase.concurrency for phase in self.phases})

    def ratio(self, concurrency: int, baseline: str = "bare") -> float | None:
        """App acks/s over a baseline's at this concurrency: the median over the rounds."""
        ratios = self.round_ratios(concurrency, baseline)
        return statistics.median(ratios) if ratios else None

    @property
    def problems(self) -> list[str]:
        """Everything that makes the run's correctness doubtful."""
        found = []
        if self.stored_rows != self.sent_to_app or self.stored_acts != self.sent_to_app:
            found.append(
                f"STORED KUDOS MISMATCH: sent {self.sent_to_app} to the app, the database holds "
                f"{self.stored_rows} rows in {self.stored_acts} acts"
            )
        for phase in self.phases:
            found += _phase_problems(phase)
        if self.unexpected:
            found.append(f"{len(self.unexpected)} response_url posts were not confirmations")
        if self.fake_errors:
            found.append(f"the fake Slack failed {len(self.fake_errors)} times")
        found += [
            f"{label} logged {len(log.errors)} error line(s)"
            for label, log in self.logs.items()
            if log.errors
        ]
        return found

    def to_json(self) -> dict[str, Any]:
        """Figures for --json."""
        return {
            "environment": self.environment,
            "phases": [phase.to_json() for phase in self.phases],
            "ratios_app_acks_per_s_over": {
                baseline: {
                    str(c): round_or_none(self.ratio(c, baseline), 3) for c in self.concurrencies
                }
                for baseline, _ in BASELINES
            },
            "slack_limit_ms": SLACK_LIMIT_MS,
            "sent_to_app": self.sent_to_app,
            "stored_rows": self.stored_rows,
            "stored_acts": self.stored_acts,
            "problems": self.problems,
            "unexpected_replies": self.unexpected[:20],
            "fake_errors": self.fake_errors[:20],
            "logs": {
                label: {"errors": log.errors[:20], "warnings": dict(log.warnings)}
                for label, log in self.logs.items()
            },
        }
