"""The imports of newsdiff/ point one way: lib < accounts, articles < matching < framing,
uploads < web, with no module cycle (migrations and management commands are entry points,
exempt from the order). Mirrors ../shared/tools/layers."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "newsdiff"
LAYER = {
    "lib": 0,
    "accounts": 1,
    "articles": 1,
    "matching": 2,
    "framing": 3,
    "uploads": 3,
    "web": 4,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "migrations" in parts or (parts[-1] == "__init__" and len(parts) == 2):
            continue
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The newsdiff modules ``name`` imports, at module level or inside functions."""
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = here[: len(here) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            candidates = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in candidates:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
    return targets


def app(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_every_app_is_placed_in_the_order() -> None:
    # Project-level modules beside the apps: settings, URLs and the two server entry points.
    apps = {app(m) for m in modules()} - {"", "settings", "urls", "wsgi", "gunicorn_conf"}
    assert apps <= set(LAYER), apps - set(LAYER)


def test_no_app_imports_an_app_above_or_beside_it() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in graph().items()
        if ".management.commands." not in module and app(module) in LAYER
        for target in targets
        if app(target) in LAYER
        and app(target) != app(module)
        and LAYER[app(target)] >= LAYER[app(module)]
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    edges = graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []
