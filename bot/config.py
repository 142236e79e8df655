"""Settings: the only place that reads the environment (and `.env`, which never overrides it)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

SLACK_API_DEFAULT = "https://slack.com/api/"
DATABASE_DEFAULT = "sqlite:///kudos.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A required setting is missing or malformed; the message names it and says what to do."""


@dataclass(frozen=True)
class Settings:
    """Everything the app needs from its environment, validated."""

    slack_bot_token: str = field(repr=False)
    slack_signing_secret: str = field(repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    database_url: str = DATABASE_DEFAULT
    slack_api_url: str = SLACK_API_DEFAULT
    port: int = 3000
    log_level: str = "INFO"


def normalize_database_url(url: str) -> str:
    """Rewrite `postgres://` and `postgresql://` URLs for the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _required(env: Mapping[str, str], name: str, prefix: str, where: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"{name} is not set: {where} (see .env.example).")
    if prefix and not value.startswith(prefix):
        raise ConfigError(f"{name} must start with '{prefix}': {where}.")
    return value


def _database_url(env: Mapping[str, str]) -> str:
    url = normalize_database_url(env.get("DATABASE_URL", "").strip() or DATABASE_DEFAULT)
    if not url.startswith(("sqlite://", "postgresql+psycopg://")):
        raise ConfigError(
            "DATABASE_URL must be a sqlite:/// or postgres:// URL, "
            "e.g. sqlite:///kudos.db or postgres://user@host:5432/kudos."
        )
    return url


def _api_url(env: Mapping[str, str]) -> str:
    url = env.get("SLACK_API_URL", "").strip() or SLACK_API_DEFAULT
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"SLACK_API_URL must be an http(s) URL such as {SLACK_API_DEFAULT}, not {url!r}."
        )
    return url if url.endswith("/") else url + "/"


def _port(env: Mapping[str, str]) -> int:
    raw = env.get("PORT", "").strip() or "3000"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"PORT must be a number from 1 to 65535, not {raw!r}.")
    return int(raw)


def _log_level(env: Mapping[str, str]) -> str:
    level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}.")
    return level


def settings_from_mapping(env: Mapping[str, str]) -> Settings:
    """Build and validate Settings from a mapping of environment variables."""
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must start with 'xapp-': use the app-level token.")
    return Settings(
        slack_bot_token=_required(
            env,
            "SLACK_BOT_TOKEN",
            "xoxb-",
            "copy the Bot User OAuth Token from OAuth & Permissions",
        ),
        slack_signing_secret=_required(
            env, "SLACK_SIGNING_SECRET", "", "copy it from Basic Information > App Credentials"
        ),
        slack_app_token=app_token,
        database_url=_database_url(env),
        slack_api_url=_api_url(env),
        port=_port(env),
        log_level=_log_level(env),
    )


def environment(
    dotenv_path: Path | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The process environment, with gaps filled from `.env`; real variables always win."""
    file_values = dotenv_values(dotenv_path or Path.cwd() / ".env")
    merged = {k: v for k, v in file_values.items() if v is not None}
    merged.update(os.environ if environ is None else environ)
    return merged


def load_settings(
    dotenv_path: Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read and validate settings from the environment and `.env`."""
    return settings_from_mapping(environment(dotenv_path, environ))


def load_database_url(
    dotenv_path: Path | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """Only DATABASE_URL, for commands that need the database but not Slack."""
    return _database_url(environment(dotenv_path, environ))
