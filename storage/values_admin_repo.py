"""Repository functions for values administration: add (or revive), retire, rename."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.domain.reactions import values_for_emoji
from bot.domain.value_admin import Change, NewValue, Outcome, Rename, clashing_values
from bot.domain.values import match_value
from storage.conflicts import insert_ignoring_conflicts
from storage.models import CompanyValue
from storage.values_repo import list_values


def add_value(*, session: Session, team_id: str, new: NewValue) -> Change:
    """Add a value, or revive the retired one it names; refuse a clash with an active one."""
    everything = list_values(session=session, team_id=team_id, include_retired=True)
    clashes = clashing_values(everything, name=new.name, slug=new.slug)
    active = [v for v in clashes if v.retired_at is None]
    if active:
        return Change(Outcome.EXISTS, active[0])
    emoji = new.emoji or (clashes[0].emoji if clashes else "")  # a revived value keeps its own
    in_use = [v for v in everything if v.retired_at is None]
    if emoji and (wearing := values_for_emoji(in_use, emoji)):
        return Change(Outcome.EMOJI_TAKEN, wearing[0])
    if clashes:
        value = clashes[0]
        value.retired_at = None
        value.name = new.name
        value.emoji = new.emoji or value.emoji
        value.description = new.description or value.description
        session.add(value)
        session.flush()
        return Change(Outcome.REVIVED, value)
    insert = insert_ignoring_conflicts(session, CompanyValue).values(
        team_id=team_id,
        slug=new.slug,
        name=new.name,
        emoji=new.emoji,
        description=new.description,
    )
    inserted = session.execute(insert.returning(col(CompanyValue.id))).first()
    if inserted is None:  # someone added it at the same moment
        return Change(Outcome.EXISTS, _by_slug(session, team_id, new.slug))
    return Change(Outcome.ADDED, session.get(CompanyValue, inserted[0]))


def _by_slug(session: Session, team_id: str, slug: str) -> CompanyValue | None:
    query = select(CompanyValue).where(CompanyValue.team_id == team_id, CompanyValue.slug == slug)
    return session.exec(query).first()


def retire_value(*, session: Session, team_id: str, typed: str, now: datetime) -> Change:
    """Retire an active value (past kudos keep it); the last active value stays."""
    active = list_values(session=session, team_id=team_id)
    value = match_value(active, typed)
    if value is None:
        return Change(Outcome.UNKNOWN)
    if len(active) == 1:
        return Change(Outcome.LAST_ONE, value)
    value.retired_at = now
    session.add(value)
    session.flush()
    return Change(Outcome.RETIRED, value)


def rename_value(*, session: Session, team_id: str, rename: Rename) -> Change:
    """Give an active value a new name and hashtag; past kudos follow it."""
    value = match_value(list_values(session=session, team_id=team_id), rename.old)
    if value is None:
        return Change(Outcome.UNKNOWN)
    everything = list_values(session=session, team_id=team_id, include_retired=True)
    clashes = clashing_values(
        everything, name=rename.new_name, slug=rename.new_slug, ignore_id=value.id
    )
    if clashes:
        return Change(Outcome.EXISTS, clashes[0])
    value.name = rename.new_name
    value.slug = rename.new_slug
    session.add(value)
    session.flush()
    return Change(Outcome.RENAMED, value)
