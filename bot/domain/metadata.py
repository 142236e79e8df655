"""The form's private metadata is the app's own data: sealed with an HMAC, so that a submission
can tell it from anything else, and carrying one kind of link only, a message permalink of the
workspace (`https://<domain>.slack.com/archives/C…/p…`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

_PURPOSE = b"difference-makers/private-metadata/v1"
_DOMAIN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_CHANNEL = re.compile(r"[CDG][A-Z0-9]{1,39}")
_TS = re.compile(r"(\d{1,12})\.(\d{1,8})")
_PERMALINK = re.compile(r"https://([a-z0-9-]+)\.slack\.com/archives/[CDG][A-Z0-9]{1,39}/p\d{2,20}")
SIGNATURE = "sig"


def metadata_key(signing_secret: str) -> bytes:
    """The key that seals private metadata: derived from the signing secret, never equal to it."""
    return hmac.new(signing_secret.encode(), _PURPOSE, hashlib.sha256).digest()


def _mac(key: bytes, data: dict[str, str]) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def seal(key: bytes, data: dict[str, str]) -> str:
    """`data` as private metadata: JSON with its signature beside it."""
    return json.dumps({**data, SIGNATURE: _mac(key, data)}, separators=(",", ":"))


def unseal(key: bytes, metadata: object) -> dict[str, str] | None:
    """What `seal` sealed; None for anything else (not JSON, not ours, changed on the way)."""
    if not isinstance(metadata, str) or len(metadata) > 3000:  # Slack's own limit
        return None
    try:
        found = json.loads(metadata)
    except (ValueError, RecursionError):  # 3000 characters nest 1500 arrays deep
        return None
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        return None
    signature = found.pop(SIGNATURE, "")
    return found if hmac.compare_digest(signature, _mac(key, found)) else None


def permalink(domain: object, channel_id: object, ts: object) -> str | None:
    """The permalink of message `ts` in a channel of the workspace at `domain`, if all are sane."""
    if not (isinstance(domain, str) and isinstance(channel_id, str) and isinstance(ts, str)):
        return None
    parts = _TS.fullmatch(ts)
    if not (_DOMAIN.fullmatch(domain) and _CHANNEL.fullmatch(channel_id) and parts):
        return None
    return f"https://{domain}.slack.com/archives/{channel_id}/p{parts[1]}{parts[2]}"


def is_permalink_of(link: object, domain: object) -> bool:
    """Whether `link` is a message permalink in the workspace at `domain`."""
    found = _PERMALINK.fullmatch(link) if isinstance(link, str) else None
    return found is not None and found[1] == domain
