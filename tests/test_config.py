"""Settings: validated from literal mappings; .env fills gaps but never overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings, settings_from_mapping

BASE = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "s3cr3t-signing"}


def test_defaults() -> None:
    settings = settings_from_mapping(BASE)
    assert settings == Settings(
        slack_bot_token="xoxb-1-2-abc", slack_signing_secret="s3cr3t-signing"
    )
    assert settings.database_url == "sqlite:///kudos.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.port == 3000


def test_secrets_stay_out_of_repr() -> None:
    text = repr(settings_from_mapping({**BASE, "SLACK_APP_TOKEN": "xapp-1-zzz"}))
    assert "xoxb" not in text
    assert "s3cr3t" not in text
    assert "xapp" not in text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@db:5432/kudos", "postgresql+psycopg://u:p@db:5432/kudos"),
        ("postgresql://u@db/kudos", "postgresql+psycopg://u@db/kudos"),
        ("sqlite:////var/data/kudos.db", "sqlite:////var/data/kudos.db"),
    ],
)
def test_database_urls_are_rewritten_for_the_driver(url: str, expected: str) -> None:
    assert settings_from_mapping({**BASE, "DATABASE_URL": url}).database_url == expected


def test_api_url_gets_a_trailing_slash() -> None:
    settings = settings_from_mapping({**BASE, "SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_SIGNING_SECRET": "  "}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
        ({"PORT": "http"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"PORT": "\u00b2"}, "PORT"),  # isdigit() says yes; int() raises
        ({"PORT": "\u0663\u0660\u0660\u0660"}, "PORT"),  # Arabic-Indic 3000: ASCII digits only
        ({"SHUTDOWN_GRACE_SECONDS": "\u00b2"}, "SHUTDOWN_GRACE_SECONDS"),
        ({"SHUTDOWN_GRACE_SECONDS": "\u0665"}, "SHUTDOWN_GRACE_SECONDS"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_bad_settings_name_the_variable(overrides: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        settings_from_mapping({**BASE, **overrides})


def test_dotenv_fills_gaps_but_never_overrides(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=file-secret\nPORT=4000\n"
    )
    settings = load_settings(dotenv, environ={"PORT": "5000", "SLACK_SIGNING_SECRET": "real"})
    assert settings.slack_bot_token == "xoxb-from-file"
    assert settings.slack_signing_secret == "real"
    assert settings.port == 5000


OAUTH = {"SLACK_CLIENT_ID": "1234.5678", "SLACK_CLIENT_SECRET": "client-secret-value"}


def test_oauth_mode_needs_no_bot_token() -> None:
    settings = settings_from_mapping({"SLACK_SIGNING_SECRET": "s", **OAUTH})
    assert settings.oauth_enabled
    assert settings.slack_bot_token == ""
    assert "client-secret-value" not in repr(settings)
    assert not settings_from_mapping(BASE).oauth_enabled


def test_stewardship_defaults_and_values() -> None:
    assert settings_from_mapping(BASE).data_retention_days_after_uninstall == 30
    assert settings_from_mapping(BASE).pseudonym_secret is None
    secret = "p" * 32
    settings = settings_from_mapping(
        {**BASE, "DATA_RETENTION_DAYS_AFTER_UNINSTALL": "0", "PSEUDONYM_SECRET": secret}
    )
    assert settings.data_retention_days_after_uninstall == 0
    assert settings.pseudonym_secret == secret
    assert secret not in repr(settings)


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SLACK_CLIENT_ID": "1234.5678"}, "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_SECRET": "x"}, "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"),
        ({**OAUTH, "SLACK_CLIENT_ID": "abc"}, "SLACK_CLIENT_ID looks like"),
        ({"DATA_RETENTION_DAYS_AFTER_UNINSTALL": "-1"}, "DATA_RETENTION_DAYS_AFTER_UNINSTALL"),
        ({"DATA_RETENTION_DAYS_AFTER_UNINSTALL": "thirty"}, "DATA_RETENTION_DAYS_AFTER_UNINSTALL"),
        ({"DATA_RETENTION_DAYS_AFTER_UNINSTALL": "3651"}, "DATA_RETENTION_DAYS_AFTER_UNINSTALL"),
        ({"DATA_RETENTION_DAYS_AFTER_UNINSTALL": "\u00b2"}, "DATA_RETENTION_DAYS_AFTER_UNINSTALL"),
        ({"PSEUDONYM_SECRET": "short"}, "PSEUDONYM_SECRET"),
    ],
)
def test_bad_stewardship_settings_name_the_variable(overrides: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        settings_from_mapping({**BASE, **overrides})
