"""Settings: the only place that reads the environment (and `.env`, which never overrides it).

May import: nothing of the app.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

SLACK_API_DEFAULT = "https://slack.com/api/"
DATABASE_DEFAULT = "sqlite:///kudos.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
RETENTION_DEFAULT_DAYS = 30
RETENTION_MAX_DAYS = 3650
PSEUDONYM_SECRET_MIN_CHARS = 32
GRACE_DEFAULT_SECONDS = 10
GRACE_MAX_SECONDS = 600


class ConfigError(ValueError):
    """A required setting is missing or malformed; the message names it and says what to do."""


@dataclass(frozen=True)
class Settings:
    """Everything the app needs from its environment, validated.

    With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set the app runs in multi-workspace OAuth mode
    and `slack_bot_token` is empty: each workspace's token comes from its installation.
    """

    slack_bot_token: str = field(repr=False)
    slack_signing_secret: str = field(repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    database_url: str = DATABASE_DEFAULT
    slack_api_url: str = SLACK_API_DEFAULT
    port: int = 3000
    log_level: str = "INFO"
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    pseudonym_secret: str | None = field(default=None, repr=False)
    data_retention_days_after_uninstall: int = RETENTION_DEFAULT_DAYS
    shutdown_grace_seconds: int = GRACE_DEFAULT_SECONDS

    @property
    def oauth_enabled(self) -> bool:
        """True in multi-workspace OAuth mode."""
        return self.slack_client_id is not None and self.slack_client_secret is not None


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


def _whole(raw: str) -> int | None:
    """`raw` as a whole number written in ASCII digits, else None (`²` passes isdigit())."""
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _port(env: Mapping[str, str]) -> int:
    raw = env.get("PORT", "").strip() or "3000"
    port = _whole(raw)
    if port is None or not 0 < port < 65536:
        raise ConfigError(f"PORT must be a number from 1 to 65535, not {raw!r}.")
    return port


def _log_level(env: Mapping[str, str]) -> str:
    level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}.")
    return level


def _oauth_client(env: Mapping[str, str]) -> tuple[str | None, str | None]:
    client_id = env.get("SLACK_CLIENT_ID", "").strip() or None
    client_secret = env.get("SLACK_CLIENT_SECRET", "").strip() or None
    if (client_id is None) != (client_secret is None):
        raise ConfigError(
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together (Basic Information > App "
            "Credentials): set both for multi-workspace OAuth, or neither to use SLACK_BOT_TOKEN."
        )
    if client_id is not None and not re.fullmatch(r"\d+\.\d+", client_id):
        raise ConfigError(f"SLACK_CLIENT_ID looks like 1234567890.1234567890, not {client_id!r}.")
    return client_id, client_secret


def _retention_days(env: Mapping[str, str]) -> int:
    raw = env.get("DATA_RETENTION_DAYS_AFTER_UNINSTALL", "").strip()
    raw = raw or str(RETENTION_DEFAULT_DAYS)
    days = _whole(raw)
    if days is None or days > RETENTION_MAX_DAYS:
        raise ConfigError(
            "DATA_RETENTION_DAYS_AFTER_UNINSTALL must be a whole number of days from 0 to "
            f"{RETENTION_MAX_DAYS}, not {raw!r}."
        )
    return days


def _grace(env: Mapping[str, str]) -> int:
    raw = env.get("SHUTDOWN_GRACE_SECONDS", "").strip() or str(GRACE_DEFAULT_SECONDS)
    seconds = _whole(raw)
    if seconds is None or seconds > GRACE_MAX_SECONDS:
        raise ConfigError(
            "SHUTDOWN_GRACE_SECONDS must be a whole number of seconds from 0 to "
            f"{GRACE_MAX_SECONDS}, not {raw!r} (Heroku allows 30)."
        )
    return seconds


def _pseudonym_secret(env: Mapping[str, str]) -> str | None:
    secret = env.get("PSEUDONYM_SECRET", "").strip() or None
    if secret is not None and len(secret) < PSEUDONYM_SECRET_MIN_CHARS:
        raise ConfigError(
            f"PSEUDONYM_SECRET must be at least {PSEUDONYM_SECRET_MIN_CHARS} characters: make one "
            "with `python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    return secret


def _bot_token(env: Mapping[str, str], *, oauth: bool) -> str:
    if oauth:
        return ""
    return _required(
        env, "SLACK_BOT_TOKEN", "xoxb-", "copy the Bot User OAuth Token from OAuth & Permissions"
    )


def settings_from_mapping(env: Mapping[str, str]) -> Settings:
    """Build and validate Settings from a mapping of environment variables."""
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must start with 'xapp-': use the app-level token.")
    client_id, client_secret = _oauth_client(env)
    return Settings(
        slack_bot_token=_bot_token(env, oauth=client_id is not None),
        slack_signing_secret=_required(
            env, "SLACK_SIGNING_SECRET", "", "copy it from Basic Information > App Credentials"
        ),
        slack_app_token=app_token,
        database_url=_database_url(env),
        slack_api_url=_api_url(env),
        port=_port(env),
        log_level=_log_level(env),
        slack_client_id=client_id,
        slack_client_secret=client_secret,
        pseudonym_secret=_pseudonym_secret(env),
        data_retention_days_after_uninstall=_retention_days(env),
        shutdown_grace_seconds=_grace(env),
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


def load_pseudonym_secret(
    dotenv_path: Path | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """Only PSEUDONYM_SECRET, which `kudos-bot forget-user` needs."""
    secret = _pseudonym_secret(environment(dotenv_path, environ))
    if secret is None:
        raise ConfigError(
            "PSEUDONYM_SECRET is not set: forget-user needs it to make stable pseudonyms "
            "(see .env.example). Keep it secret, and keep the same one for this install."
        )
    return secret
