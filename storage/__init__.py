"""The database: SQLModel tables, the engine and transactions, repository functions (keyword-only
arguments, domain types in) and Alembic migrations.

May import: bot.domain.
"""
