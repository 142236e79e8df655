"""Repositories and migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, func, select

from bot.domain.values import DEFAULT_VALUES
from storage.database import CONNECT_TIMEOUT, Database, make_engine
from storage.kudos_repo import add_kudos, iter_kudos, recent_kudos_received
from storage.models import CompanyValue, Kudos
from storage.schema import alembic_config, current_revision, head_revision, upgrade_schema
from storage.values_repo import ensure_workspace, find_value, list_values

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _value_id(db: Database, team: str, typed: str = "respect") -> int:
    with db.transaction() as session:
        ensure_workspace(session=session, team_id=team, now=NOW)
        value = find_value(session=session, team_id=team, typed=typed)
        assert value is not None and value.id is not None
        return value.id


def _give(
    db: Database,
    *,
    team: str = "T1",
    key: str = "trig-1",
    to: tuple[str, ...] = ("UANA",),
    at: datetime = NOW,
) -> bool:
    value_id = _value_id(db, team)
    with db.transaction() as session:
        return add_kudos(
            session=session,
            team_id=team,
            giver_id="UGIVER",
            receiver_ids=to,
            value_id=value_id,
            message="called back every customer",
            channel_id="CGEN",
            request_key=key,
            created_at=at,
        ).created


def _count(db: Database) -> int:
    with db.transaction() as session:
        return session.exec(select(func.count()).select_from(Kudos)).one()


def test_migrations_match_the_models(database: Database) -> None:
    assert current_revision(database.engine) == head_revision()
    upgrade_schema(database.engine)  # a second run is a no-op
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_workspace_is_seeded_with_default_values_once(database: Database) -> None:
    with database.transaction() as session:
        assert ensure_workspace(session=session, team_id="T1", now=NOW) is True
        assert ensure_workspace(session=session, team_id="T1", now=NOW) is False
        names = [v.name for v in list_values(session=session, team_id="T1")]
    assert names == [v.name for v in DEFAULT_VALUES]


def test_concurrent_first_use_seeds_once(database: Database) -> None:
    def seed(_: int) -> bool:
        with database.transaction() as session:
            return ensure_workspace(session=session, team_id="TRACE", now=NOW)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(seed, range(8)))
    assert results.count(True) == 1
    with database.transaction() as session:
        assert len(list_values(session=session, team_id="TRACE")) == len(DEFAULT_VALUES)


def test_one_row_per_recipient_linked_as_one_act(database: Database) -> None:
    assert _give(database, to=("UANA", "UBEN")) is True
    with database.transaction() as session:
        rows = session.exec(select(Kudos)).all()
    assert {r.receiver_id for r in rows} == {"UANA", "UBEN"}
    assert len({r.act_id for r in rows}) == 1
    assert all(r.created_at == NOW and r.team_id == "T1" for r in rows)


def test_same_request_is_stored_once(database: Database) -> None:
    assert _give(database, key="same", to=("UANA", "UBEN")) is True
    assert _give(database, key="same", to=("UANA", "UBEN")) is False
    assert _count(database) == 2


def test_concurrent_duplicate_deliveries_store_once(database: Database) -> None:
    _value_id(database, "T1")
    with ThreadPoolExecutor(6) as pool:
        created = list(
            pool.map(lambda _: _give(database, key="race", to=("UANA", "UBEN")), range(6))
        )
    assert created.count(True) == 1
    assert _count(database) == 2


def test_request_keys_are_per_workspace(database: Database) -> None:
    assert _give(database, team="T1", key="k") is True
    assert _give(database, team="T2", key="k") is True


def test_times_come_back_in_utc(database: Database) -> None:
    local = datetime(2026, 3, 29, 3, 30, tzinfo=timezone(timedelta(hours=2)))
    _give(database, at=local)
    with database.transaction() as session:
        (record,) = iter_kudos(session=session)
    assert record.created_at == local
    assert record.created_at.utcoffset() == timedelta(0)


def test_values_match_forgivingly_and_retired_values_do_not(database: Database) -> None:
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        assert find_value(session=session, team_id="T1", typed="Wow_The-Customer") is not None
        value = find_value(session=session, team_id="T1", typed="empathy")
        assert value is not None
        value.retired_at = NOW
        session.add(value)
    with database.transaction() as session:
        assert find_value(session=session, team_id="T1", typed="empathy") is None
        everything = list_values(session=session, team_id="T1", include_retired=True)
        assert len(everything) == len(DEFAULT_VALUES)


def test_reads_are_scoped_to_one_workspace(database: Database) -> None:
    _give(database, team="T1", key="a")
    _give(database, team="T2", key="b", to=("UOTHER",))
    with database.transaction() as session:
        assert [r.team_id for r in iter_kudos(session=session, team_id="T1")] == ["T1"]
        assert recent_kudos_received(session=session, team_id="T1", user_id="UOTHER") == []
        assert len(list(iter_kudos(session=session))) == 2
        assert session.exec(select(func.count()).select_from(CompanyValue)).one() == 12


def test_recent_kudos_newest_first(database: Database) -> None:
    for day in range(3):
        _give(database, key=f"d{day}", at=NOW + timedelta(days=day))
    with database.transaction() as session:
        recent = recent_kudos_received(session=session, team_id="T1", user_id="UANA", limit=2)
    assert [r.created_at for r in recent] == [NOW + timedelta(days=2), NOW + timedelta(days=1)]
    assert recent[0].value == "respect"


def test_roles_are_granted_once_and_revoked(database: Database) -> None:
    from bot.domain.permissions import Role
    from storage.roles_repo import grant_role, revoke_role, role_holders, roles_of

    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)

        def grant(role: Role) -> bool:
            return grant_role(
                session=session, team_id="T1", user_id="UM", role=role, granted_by="UADMIN", now=NOW
            )

        assert grant(Role.MANAGER) is True
        assert grant(Role.MANAGER) is False
        assert grant(Role.HR) is True
        assert roles_of(session=session, team_id="T1", user_id="UM") == {Role.MANAGER, Role.HR}
        assert roles_of(session=session, team_id="T2", user_id="UM") == frozenset()
        assert revoke_role(session=session, team_id="T1", user_id="UM", role=Role.HR) is True
        assert revoke_role(session=session, team_id="T1", user_id="UM", role=Role.HR) is False
        assert role_holders(session=session, team_id="T1", role=Role.MANAGER) == ["UM"]


def test_migration_0010_drops_the_labels_of_stored_links(database: Database) -> None:
    disguised = "see <https://evil.example/login|https://acme.slack.com/review> and <@UANA>"
    plain = "fixed it, see <https://acme.slack.com/x> | twice"
    with database.transaction() as session:
        ensure_workspace(session=session, team_id="T1", now=NOW)
        value = find_value(session=session, team_id="T1", typed="empathy")
        assert value is not None and value.id is not None
        for key, message in (("a", disguised), ("b", plain)):
            add_kudos(
                session=session, team_id="T1", giver_id="UG", receiver_ids=["UR"],
                value_id=value.id, message=message, channel_id=None, request_key=key,
                created_at=NOW,
            )  # fmt: skip
    config = alembic_config(database.engine.url.render_as_string(hide_password=False))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")  # a data migration: nothing to undo
        command.upgrade(config, "0010")
    with database.transaction() as session:
        messages = sorted(k.message for k in iter_kudos(session=session, team_id="T1"))
    assert messages == sorted(["see <https://evil.example/login> and <@UANA>", plain])


def test_postgres_connections_time_out_unless_the_url_says_otherwise() -> None:
    engine = make_engine("postgresql+psycopg://kudos@db.internal/kudos")
    assert engine.url.query["connect_timeout"] == str(CONNECT_TIMEOUT)
    own = make_engine("postgresql+psycopg://kudos@db.internal/kudos?connect_timeout=30")
    assert own.url.query["connect_timeout"] == "30"
