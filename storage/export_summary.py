"""Per-person counts for `export --summary`: aggregated in SQL, one row per person."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, distinct, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from storage.export_query import ExportFilter, filter_conditions
from storage.models import CompanyValue, Kudos


@dataclass
class PersonSummary:
    """What one person received and gave within an export's range."""

    team_id: str
    user_id: str
    received: int = 0
    given: int = 0
    people_thanked: int = 0
    received_by_value: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """Everyone's counts, and the value slugs that appear (for column headers)."""

    people: list[PersonSummary]
    value_slugs: list[str]


def _received(session: Session, where: ExportFilter) -> list[tuple[str, str, str, int]]:
    query = (
        sa_select(col(Kudos.team_id), col(Kudos.receiver_id), col(CompanyValue.slug), func.count())
        .join(CompanyValue, col(CompanyValue.id) == col(Kudos.value_id))
        .where(and_(True, *filter_conditions(where)))
        .group_by(col(Kudos.team_id), col(Kudos.receiver_id), col(CompanyValue.slug))
    )
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(query)]


def _given(session: Session, where: ExportFilter) -> list[tuple[str, str, int, int]]:
    query = (
        sa_select(
            col(Kudos.team_id),
            col(Kudos.giver_id),
            func.count(distinct(col(Kudos.act_id))),
            func.count(distinct(col(Kudos.receiver_id))),
        )
        .where(and_(True, *filter_conditions(where)))
        .group_by(col(Kudos.team_id), col(Kudos.giver_id))
    )
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(query)]


def summarize(*, session: Session, where: ExportFilter) -> Summary:
    """Kudos received (per value too), acts given and distinct people thanked, per person."""
    people: dict[tuple[str, str], PersonSummary] = {}
    slugs: set[str] = set()
    for team_id, user_id, slug, count in _received(session, where):
        person = people.setdefault((team_id, user_id), PersonSummary(team_id, user_id))
        person.received += count
        person.received_by_value[slug] = count
        slugs.add(slug)
    for team_id, user_id, acts, thanked in _given(session, where):
        person = people.setdefault((team_id, user_id), PersonSummary(team_id, user_id))
        person.given, person.people_thanked = acts, thanked
    chosen = [
        people[key] for key in sorted(people) if where.user_id is None or key[1] == where.user_id
    ]
    return Summary(people=chosen, value_slugs=sorted(slugs))
