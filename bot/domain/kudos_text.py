"""Parse the text of `/kudos` as Slack delivers it (escaped) into who, which value and why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.refusals import KudosRefusal, RefusalCode
from bot.domain.user_text import as_typed, echo, from_slash, visible_length

EXAMPLE = "/kudos @ana @ben #respect stayed on after the outage to call back every customer"
MIN_MESSAGE_CHARS = 10
MAX_MESSAGE_CHARS = 1000
MAX_RECIPIENTS = 20

# `<#C123|respect>`: a value's hashtag that Slack turned into a link to a channel of that name.
_CHANNEL_LINK = r"<\#C[A-Z0-9]+\|(?P<channel>[^>]*)>"
_CHANNEL_VALUE = re.compile(_CHANNEL_LINK)
_TOKENS = re.compile(
    r"""\s*(?:
      <@(?P<user>[UW][A-Z0-9]+)(?:\|[^>]*)?>   # <@U123> or <@U123|ana>
    | """
    + _CHANNEL_LINK
    + r"""                                     # a value typed as a channel
    | <\#C[A-Z0-9]+>                           # a channel link with no name to read
    | \#(?P<tag>[\w\u200c\u200d-]+(?:&amp;[\w\u200c\u200d-]+)*)  # #respect, #R&amp;D, ZW(N)J kept
    | <!subteam\^(?P<group>S[A-Z0-9]+)(?:\|(?P<label>[^>]*))?>  # a user group
    | (?P<special><![^>]*>)                    # <!channel>, <!here>, <!everyone>
    | (?P<bare>@(?:&\w+;|[^\s<>&])+?)           # @someone Slack could not resolve
    )[,;:.!?]?(?=\s|$|[<\#@])                  # then a space, or the next head glued on""",
    re.VERBOSE,
)


def typed_value(token: str) -> str:
    """The value a token names: `respect` for the channel link `<#C123|respect>`, else itself."""
    link = _CHANNEL_VALUE.fullmatch(token)
    return link.group("channel") if link else token


@dataclass(frozen=True)
class ParsedKudos:
    """A well-formed kudos: people and user groups (each in order, no repeats), the value as
    typed (Slack's escaping undone: `R&D`), the message; `group_labels` keeps the label Slack
    sent with a group (`@support`)."""

    recipient_ids: tuple[str, ...]
    value: str
    message: str
    group_ids: tuple[str, ...] = ()
    group_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class _Heads:
    recipients: list[str]
    values: list[str]
    groups: dict[str, str] = field(default_factory=dict)  # id -> label ("" when none)


def _read_heads(text: str) -> tuple[_Heads, str] | KudosRefusal:
    heads = _Heads([], [])
    pos = 0
    while match := _TOKENS.match(text, pos):
        if match.group("special"):
            return KudosRefusal(
                RefusalCode.GROUP_MENTION,
                "Kudos go to people and user groups, not to @channel, @here or @everyone: "
                "mention each person, or their user group.",
            )
        if group := match.group("group"):
            heads.groups[group] = heads.groups.get(group) or (match.group("label") or "").strip()
            pos = match.end()
            continue
        if bare := match.group("bare"):
            return KudosRefusal(
                RefusalCode.UNKNOWN_PERSON,
                f"I couldn't find anyone called {echo(bare)}. "
                "Pick them from Slack's @-mention list.",
            )
        if user := match.group("user"):
            heads.recipients.append(user)
        else:
            heads.values.append(as_typed(match.group("channel") or match.group("tag") or ""))
        pos = match.end()
    return heads, text[pos:].strip()


def _check_message(message: str) -> KudosRefusal | None:
    length = visible_length(message)
    if length < MIN_MESSAGE_CHARS:
        return KudosRefusal(
            RefusalCode.MESSAGE_TOO_SHORT,
            f"Say what they did, in at least {MIN_MESSAGE_CHARS} characters.",
        )
    if length > MAX_MESSAGE_CHARS:
        return KudosRefusal(
            RefusalCode.MESSAGE_TOO_LONG,
            f"Your message is {length} characters; the limit is {MAX_MESSAGE_CHARS}.",
        )
    return None


def check_message(message: str) -> KudosRefusal | None:
    """Refuse a message (in the stored form) shorter or longer than every kudos' bounds, counted
    as a person sees it."""
    return _check_message(message)


def _check_heads(heads: _Heads) -> KudosRefusal | None:
    if not heads.recipients and not heads.groups:
        return KudosRefusal(RefusalCode.NO_RECIPIENT, "Mention at least one person to thank.")
    if len(set(heads.recipients)) > MAX_RECIPIENTS:
        return KudosRefusal(
            RefusalCode.TOO_MANY_RECIPIENTS,
            f"One kudos can thank at most {MAX_RECIPIENTS} people.",
        )
    if not heads.values or not any(heads.values):
        return KudosRefusal(RefusalCode.NO_VALUE, "Name the value they showed, like #respect.")
    if len(heads.values) > 1:
        return KudosRefusal(RefusalCode.SEVERAL_VALUES, "Pick one value per kudos.")
    return None


def parse_kudos(text: str) -> ParsedKudos | KudosRefusal:
    """Read `@people @groups #value message` from escaped slash-command text; never raises.
    Groups are kept as ids: who is in them is Slack's to say, after the ack."""
    read = _read_heads(from_slash(text))
    if isinstance(read, KudosRefusal):
        return read
    heads, message = read
    refusal = _check_heads(heads) or _check_message(message)
    if refusal:
        return refusal
    return ParsedKudos(
        recipient_ids=tuple(dict.fromkeys(heads.recipients)),
        value=heads.values[0],
        message=message,
        group_ids=tuple(heads.groups),
        group_labels={group: label for group, label in heads.groups.items() if label},
    )
