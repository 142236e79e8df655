"""The fake Slack's messages: what chat.postMessage posted and what a test says people wrote,
for chat.getPermalink, conversations.history, conversations.replies, chat.update and chat.delete
(answered as Slack's API reference describes them, with its error codes).

``FakeSlack.messages`` is one ``MessageArchive``: ``add(channel, ts, user, text, thread_ts=None,
bot_id=None)`` a message someone wrote; ``hide(channel, error)`` a channel the app cannot see
(getPermalink and reads answer ``error``, e.g. ``channel_not_found``); ``unreadable(channel,
error)`` a channel whose messages the app may not read (``missing_scope``, ``not_in_channel``)
but can still link; ``get(channel, ts)``; ``clear()`` (called by ``FakeSlack.reset()``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JsonDict = dict[str, Any]
DOMAIN = "example"
_BOT_EDITABLE = ("text", "blocks", "attachments")


def _error(error: str) -> JsonDict:
    return {"ok": False, "error": error}


def _flag(value: object) -> bool:
    return str(value).casefold() in ("1", "true")


def _ts(value: object) -> float | None:
    try:
        return float(str(value))
    except ValueError:
        return None


class MessageArchive:
    """Messages by channel and ts, and the channels the app cannot see or read."""

    def __init__(self, bot_user_id: str) -> None:
        """An empty archive; the app's own posts are by `bot_user_id`."""
        self._bot_user_id = bot_user_id
        self._messages: dict[tuple[str, str], JsonDict] = {}
        self._hidden: dict[str, str] = {}
        self._unreadable: dict[str, str] = {}

    def methods(self) -> dict[str, Callable[[JsonDict], JsonDict]]:
        """The Web API methods this archive answers."""
        return {
            "chat.getPermalink": self._get_permalink,
            "conversations.history": self._history,
            "conversations.replies": self._replies,
            "chat.update": self._update,
            "chat.delete": self._delete,
        }

    def add(
        self,
        channel: str,
        ts: str,
        user: str,
        text: str,
        *,
        thread_ts: str | None = None,
        bot_id: str | None = None,
    ) -> None:
        """A message someone wrote (a reply when `thread_ts` names its parent)."""
        message: JsonDict = {"type": "message", "user": user, "text": text, "ts": ts}
        message |= {"thread_ts": thread_ts} if thread_ts else {}
        message |= {"bot_id": bot_id} if bot_id else {}
        self._messages[(channel, ts)] = message

    def posted(self, channel: str, message: JsonDict) -> None:
        """Record what chat.postMessage posted."""
        self._messages[(channel, str(message["ts"]))] = dict(message)

    def hide(self, channel: str, error: str = "channel_not_found") -> None:
        """A channel the app cannot see at all."""
        self._hidden[channel] = error

    def unreadable(self, channel: str, error: str = "missing_scope") -> None:
        """A channel whose messages the app may not read (it can still link them)."""
        self._unreadable[channel] = error

    def get(self, channel: str, ts: str) -> JsonDict | None:
        """The message, as it stands now (None once deleted)."""
        found = self._messages.get((channel, ts))
        return None if found is None else dict(found)

    def clear(self) -> None:
        """Forget every message and channel setting."""
        self._messages.clear()
        self._hidden.clear()
        self._unreadable.clear()

    def _found(self, params: JsonDict, ts_param: str = "ts") -> tuple[JsonDict | None, str | None]:
        channel, ts = str(params.get("channel") or ""), str(params.get(ts_param) or "")
        if not channel or channel in self._hidden:
            return None, self._hidden.get(channel, "channel_not_found")
        message = self._messages.get((channel, ts))
        return (message, None) if message is not None else (None, "message_not_found")

    def _get_permalink(self, params: JsonDict) -> JsonDict:
        message, error = self._found(params, "message_ts")
        if message is None:
            return _error(str(error))
        channel, ts = str(params["channel"]), str(message["ts"])
        link = f"https://{DOMAIN}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        if message.get("thread_ts") and message["thread_ts"] != ts:
            link += f"?thread_ts={message['thread_ts']}&cid={channel}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _readable(self, params: JsonDict) -> str | None:
        channel = str(params.get("channel") or "")
        if not channel or channel in self._hidden:
            return self._hidden.get(channel, "channel_not_found")
        return self._unreadable.get(channel)

    def _window(self, params: JsonDict, messages: list[JsonDict]) -> list[JsonDict]:
        latest, oldest = _ts(params.get("latest") or "inf"), _ts(params.get("oldest") or "0")
        inclusive = _flag(params.get("inclusive"))
        kept = []
        for message in messages:
            ts = float(message["ts"])
            if latest is not None and (ts > latest or (ts == latest and not inclusive)):
                continue
            if oldest is not None and (ts < oldest or (ts == oldest and not inclusive)):
                continue
            kept.append(message)
        return kept

    def _history(self, params: JsonDict) -> JsonDict:
        if error := self._readable(params):
            return _error(error)
        channel = str(params["channel"])
        top = [
            m
            for (c, _), m in self._messages.items()
            if c == channel and m.get("thread_ts", m["ts"]) == m["ts"]
        ]
        kept = sorted(self._window(params, top), key=lambda m: float(m["ts"]), reverse=True)
        limit = int(params.get("limit") or 100)
        page = [dict(m) for m in kept[:limit]]
        more = len(kept) > limit
        return {"ok": True, "messages": page, "has_more": more, "pin_count": 0}

    def _replies(self, params: JsonDict) -> JsonDict:
        if error := self._readable(params):
            return _error(error)
        message, _ = self._found(params)
        if message is None:
            return _error("thread_not_found")
        channel, parent = str(params["channel"]), message.get("thread_ts", message["ts"])
        thread = [
            m
            for (c, _), m in self._messages.items()
            if c == channel and m.get("thread_ts", m["ts"]) == parent
        ]
        thread.sort(key=lambda m: float(m["ts"]))
        head, rest = thread[:1], self._window(params, thread[1:])
        limit = int(params.get("limit") or 1000)
        page = [dict(m) for m in (head + rest)[: max(limit, 1)]]
        return {"ok": True, "messages": page, "has_more": len(head + rest) > len(page)}

    def _own(self, params: JsonDict) -> tuple[JsonDict | None, str | None]:
        message, error = self._found(params)
        if message is not None and message.get("user") != self._bot_user_id:
            return None, "cant_update_message"
        return message, error

    def _update(self, params: JsonDict) -> JsonDict:
        message, error = self._own(params)
        if message is None:
            return _error(str(error))
        message.update({k: params[k] for k in _BOT_EDITABLE if k in params})
        message["edited"] = {"user": self._bot_user_id, "ts": message["ts"]}
        channel, ts = str(params["channel"]), str(message["ts"])
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": dict(message),
        }

    def _delete(self, params: JsonDict) -> JsonDict:
        message, error = self._own(params)
        if message is None:
            return _error("cant_delete_message" if error == "cant_update_message" else str(error))
        channel, ts = str(params["channel"]), str(message["ts"])
        del self._messages[(channel, ts)]
        return {"ok": True, "channel": channel, "ts": ts}
