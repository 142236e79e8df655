"""Read-only accessors for the Slack app manifest (manifest.yml at the repo root).

Pure helpers shared by the manifest tests: no pytest, no network, no side effects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MANIFEST_PATH = Path(__file__).resolve().parents[2] / "manifest.yml"

SHORTCUT_TYPES = frozenset({"global", "message"})


def load_manifest() -> dict[str, Any]:
    """Parse manifest.yml; raise TypeError if it is not a YAML mapping."""
    data = yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"{MANIFEST_PATH} must contain a mapping, got {type(data).__name__}")
    return data


def _features() -> dict[str, Any]:
    features: dict[str, Any] = load_manifest().get("features") or {}
    return features


def manifest_commands() -> set[str]:
    """Slash command names, e.g. {"/kudos"}."""
    return {str(cmd["command"]) for cmd in _features().get("slash_commands") or []}


def manifest_bot_events() -> set[str]:
    """Event types in settings.event_subscriptions.bot_events."""
    settings: dict[str, Any] = load_manifest().get("settings") or {}
    subscriptions: dict[str, Any] = settings.get("event_subscriptions") or {}
    return {str(event) for event in subscriptions.get("bot_events") or []}


def manifest_shortcut_callback_ids() -> set[str]:
    """callback_ids of global and message shortcuts (features.shortcuts)."""
    return {
        str(shortcut["callback_id"])
        for shortcut in _features().get("shortcuts") or []
        if shortcut.get("type") in SHORTCUT_TYPES
    }


def manifest_functions() -> dict[str, Any]:
    """The custom steps (top-level `functions`), by callback_id."""
    functions: dict[str, Any] = load_manifest().get("functions") or {}
    return functions
