"""Slack surfaces: each module registers its listeners explicitly on a given app."""

from __future__ import annotations

from typing import Any

from bot.deps import Deps
from handlers import commands, errors, home, lifecycle, shortcuts


def register_all(app: Any, deps: Deps) -> None:
    """Register every listener this app has."""
    commands.register(app, deps)
    home.register(app, deps)
    lifecycle.register(app, deps)
    shortcuts.register(app, deps)
    errors.register(app, deps)
