"""The form's private metadata: sealed by the app, and carrying only permalinks of the workspace."""

from __future__ import annotations

import json

import pytest

from bot.domain.metadata import is_permalink_of, metadata_key, permalink, seal, unseal

KEY = metadata_key("a-signing-secret")
LINK = "https://acme.slack.com/archives/C0123/p1700000123000400"


def test_the_key_is_derived_from_the_signing_secret_and_is_not_it() -> None:
    assert metadata_key("a-signing-secret") == KEY
    assert metadata_key("another-secret") != KEY
    assert b"a-signing-secret" not in KEY


def test_what_is_sealed_is_unsealed_as_is() -> None:
    assert unseal(KEY, seal(KEY, {"link": LINK})) == {"link": LINK}
    assert unseal(KEY, seal(KEY, {})) == {}


@pytest.mark.parametrize(
    "metadata",
    [
        None,
        "",
        "not json",
        "[1, 2]",
        json.dumps({"link": LINK}),  # the form of old, unsealed
        json.dumps({"link": LINK, "sig": 5}),
        json.dumps({"link": ["x"], "sig": "00"}),
        "[" * 1400 + "]" * 1400,  # deeper than Python's parser goes, within 3000 characters
        "x" * 3001,
    ],
)
def test_anything_the_app_did_not_seal_is_refused(metadata: object) -> None:
    assert unseal(KEY, metadata) is None


def test_a_changed_link_or_another_key_breaks_the_seal() -> None:
    sealed = json.loads(seal(KEY, {"link": LINK}))
    changed = json.dumps({**sealed, "link": "https://evil.example/x"})
    assert unseal(KEY, changed) is None
    assert unseal(metadata_key("another-secret"), seal(KEY, {"link": LINK})) is None


def test_permalinks_are_built_only_from_sane_parts() -> None:
    assert permalink("acme", "C0123", "1700000123.000400") == LINK
    assert (
        permalink("acme", "D0123", "1700.0001") == "https://acme.slack.com/archives/D0123/p17000001"
    )
    for domain, channel, ts in [
        ("evil.example/x#", "C0123", "1.2"),
        ("acme", "C0123/../x", "1.2"),
        ("acme", "C0123", "1.2?x"),
        ("acme", None, "1.2"),
        (5, "C0123", "1.2"),
    ]:
        assert permalink(domain, channel, ts) is None


@pytest.mark.parametrize(
    ("link", "domain", "expected"),
    [
        (LINK, "acme", True),
        (LINK, "other", False),
        (LINK, None, False),
        ("https://evil.example/archives/C0123/p1", "acme", False),
        ("https://acme.slack.com.evil.example/archives/C0123/p1", "acme", False),
        ("http://acme.slack.com/archives/C0123/p1700000123000400", "acme", False),
        (LINK + "?x=<@U1>", "acme", False),
        ("javascript:alert(1)", "acme", False),
        (None, "acme", False),
    ],
)
def test_only_a_message_permalink_of_the_workspace_is_one(
    link: object, domain: str | None, expected: bool
) -> None:
    assert is_permalink_of(link, domain) is expected
