"""The house rules, derived from the folders and checked over the whole import graph.

Each package (and each top-level module of bot/) states what it may import in its docstring, on
a line `May import: a, b.` (or `May import: nothing of the app.`); these tests read those lines,
so the rule is written once, where a reader looks for it. Imports under `if TYPE_CHECKING:` are
type hints only and load nothing: they are not counted.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage")
# Libraries that talk to Slack, the database or the network: pure code imports none of them.
INFRASTRUCTURE = frozenset(
    {"slack_bolt", "slack_sdk", "sqlalchemy", "sqlmodel", "alembic", "psycopg", "waitress"}
    | {"apscheduler", "dotenv"}
)
PURE = ("bot.domain", "bot.blocks")
RULE = re.compile(r"^May import: (.+?)\.?\s*(?:\n\n|\Z)", re.MULTILINE | re.DOTALL)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the app (migrations aside), by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def layer(module: str) -> str:
    """`bot.domain` for bot/domain/…, `bot.config` for bot/config.py, `storage` for storage/…"""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "bot" and len(parts) > 1 else parts[0]


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _walk(node: ast.AST, *, top_level: bool) -> Iterator[ast.AST]:
    """Nodes that run when imported (or ever, when not `top_level`), type-checking blocks aside."""
    for child in ast.iter_child_nodes(node):
        if _type_checking(child):
            continue
        if top_level and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        yield child
        yield from _walk(child, top_level=top_level)


@cache
def imports(module: str, *, top_level: bool = False) -> frozenset[str]:
    """What `module` imports: app modules by full name, libraries by top-level name."""
    tree = ast.parse(modules()[module].read_text())
    names: set[str] = set()
    for node in _walk(tree, top_level=top_level):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = {f"{node.module}.{alias.name}" for alias in node.names}
            names.update({node.module} | (subs & modules().keys()))
    return frozenset(n if n in modules() else n.split(".")[0] for n in names) - {module}


def _parents(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))} & modules().keys()


def loaded_by(module: str) -> set[str]:
    """Every app module that importing `module` loads (its parent packages included)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        found = imports(current, top_level=True) & modules().keys()
        todo.extend(found | _parents(current))
    return seen - {module}


def rule_of(name: str) -> frozenset[str]:
    """The layers a layer may import, from the `May import:` line of its docstring."""
    path = ROOT / Path(*name.split("."))
    source = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    doc = ast.get_docstring(ast.parse(source.read_text())) or ""
    found = RULE.search(doc)
    assert found, f"{source.relative_to(ROOT)}: its docstring has no 'May import:' line"
    allowed = " ".join(found.group(1).split())
    if allowed.startswith("nothing"):
        return frozenset()
    return frozenset(part.strip() for part in allowed.split(","))


LAYERS = sorted({layer(m) for m in modules()} - {"bot"})


@pytest.mark.parametrize("name", LAYERS)
def test_each_layer_imports_only_what_its_docstring_allows(name: str) -> None:
    allowed = rule_of(name) | {name}
    offenders = {
        f"{module} imports {target}"
        for module in modules()
        if layer(module) == name
        for target in imports(module) & modules().keys()
        if layer(target) not in allowed
    }
    assert sorted(offenders) == []


@pytest.mark.parametrize("name", PURE)
def test_pure_code_imports_neither_slack_nor_the_database(name: str) -> None:
    offenders = {
        f"{module} imports {library}"
        for module in modules()
        if layer(module) == name
        for library in imports(module) & INFRASTRUCTURE
    }
    assert sorted(offenders) == []


@pytest.mark.parametrize("name", ["bot.domain", "storage"])
def test_the_domain_and_storage_reach_only_the_domain(name: str) -> None:
    reach = {"bot.domain", name}
    offenders = {
        f"{module} loads {other}"
        for module in modules()
        if layer(module) == name
        for other in loaded_by(module) - {"bot"}
        if layer(other) not in reach
    }
    assert sorted(offenders) == []


@pytest.mark.parametrize("name", ["bot.jobs", "bot.cli"])
def test_jobs_and_the_command_line_load_no_listener(name: str) -> None:
    offenders = {
        f"{module} loads {other}"
        for module in modules()
        if layer(module) == name
        for other in loaded_by(module)
        if layer(other) in ("handlers", "bot.app")
    }
    assert sorted(offenders) == []


def test_importing_every_job_and_command_module_really_loads_no_listener() -> None:
    wanted = sorted(m for m in modules() if layer(m) in ("bot.jobs", "bot.cli"))
    wanted.remove("bot.cli.__main__")  # running it is `kudos-bot`
    script = (
        "import importlib, sys\n"
        f"for name in {wanted!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'handlers' or m == 'bot.app'))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _cycle_from(start: str, graph: dict[str, frozenset[str]]) -> list[str] | None:
    path: list[str] = []
    on_path: set[str] = set()
    done: set[str] = set()

    def visit(module: str) -> list[str] | None:
        if module in on_path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        on_path.add(module)
        for target in sorted(graph[module]):
            if (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        on_path.discard(module)
        done.add(module)
        return None

    return visit(start)


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = {m: imports(m) & modules().keys() for m in modules()}
    cycles = {" -> ".join(c) for m in graph if (c := _cycle_from(m, graph)) is not None}
    assert sorted(cycles) == []


def test_only_the_app_factory_imports_handlers() -> None:
    offenders = [
        module
        for module in modules()
        if layer(module) not in ("handlers", "bot.app")
        and any(layer(target) == "handlers" for target in imports(module) & modules().keys())
    ]
    assert offenders == []


def test_every_package_says_what_lives_there() -> None:
    packages = [m for m, path in modules().items() if path.name == "__init__.py"]
    undocumented = [
        m for m in packages if not ast.get_docstring(ast.parse(modules()[m].read_text()))
    ]
    assert undocumented == []


def test_bot_keeps_at_most_a_dozen_modules_at_its_top() -> None:
    assert len(list((ROOT / "bot").glob("*.py"))) <= 12


def test_every_listener_module_registers_with_one_signature() -> None:
    signatures = {}
    for module, path in modules().items():
        if layer(module) != "handlers" or path.name == "__init__.py":
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.name == "register":
                signatures[module] = [a.arg for a in node.args.args]
    assert signatures, "no handlers module has register()"
    assert {tuple(args) for args in signatures.values()} == {("app", "deps")}
