"""Dependencies flow one way: handlers -> bot/storage; the domain layer imports neither Slack nor
the database; nothing but the app factory imports handlers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = [
    "block_kit",
    "domain/tasks",
    "daily_limit",
    "fair_use",
    "kudos_text",
    "leaderboard",
    "mentions",
    "periods",
    "prompts",
    "pseudonym",
    "roles",
    "rules",
    "safe_text",
    "schedule",
    "value_admin",
    "values",
]
INFRASTRUCTURE = ("slack_bolt", "slack_sdk", "sqlalchemy", "sqlmodel", "storage", "handlers")
COMPOSITION_ROOT = ROOT / "bot" / "app.py"  # create_app registers the handlers


def _imports(path: Path) -> set[str]:
    """Top-level package names and full module names that `path` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names | {name.split(".")[0] for name in names}


@pytest.mark.parametrize("module", DOMAIN)
def test_the_domain_imports_neither_slack_nor_the_database(module: str) -> None:
    assert not _imports(ROOT / "bot" / f"{module}.py") & set(INFRASTRUCTURE)


@pytest.mark.parametrize("package", ["bot", "storage"])
def test_only_the_app_factory_imports_handlers(package: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != COMPOSITION_ROOT and "handlers" in _imports(path)
    ]
    assert offenders == []
