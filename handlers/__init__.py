"""Bolt listeners, one module per Slack surface, each with `register(app, deps)`.

A listener reads the payload, accepts its task durably and acks; the work is a task in
bot.services. Only bot.app imports this package.

May import: bot.blocks, bot.deps, bot.domain, bot.runtime, bot.services.
"""

from __future__ import annotations

from typing import Any

from bot.deps import Deps
from handlers import commands, errors, guard, home, lifecycle, reactions, shortcuts, workflow


def register_all(app: Any, deps: Deps) -> None:
    """Register every listener this app has, behind the guard against malformed envelopes."""
    guard.register(app, deps)
    commands.register(app, deps)
    home.register(app, deps)
    lifecycle.register(app, deps)
    shortcuts.register(app, deps)
    workflow.register(app, deps)
    reactions.register(app, deps)
    errors.register(app, deps)
