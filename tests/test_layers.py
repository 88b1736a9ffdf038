"""The imports of newsdiff/ point one way: lib < text < accounts, articles < matching <
framing, uploads < web, with no module cycle (migrations and management commands are entry
points, exempt from the order). Mirrors ../shared/tools/layers. And text facts live once, in
newsdiff/text: no other module defines a number, quotation or attribution pattern. The
matcher's core (newsdiff/matching/core) reaches no Django import."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdiff.text.patterns import ATTRIBUTION

PACKAGE = Path(__file__).resolve().parent.parent / "newsdiff"
TEXT = PACKAGE / "text"
LAYER = {
    "lib": 0,
    "text": 0.5,
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


# What a number pattern matches whole, and a quotation pattern (but not the bare words).
NUMBERS = ("1,500", "3.5", "12345")
QUOTATIONS = ("“two words”", '"two words"', "«two words»")
ATTRIBUTION_WORDS = frozenset(w for w in ATTRIBUTION if " " not in w)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _pattern(literal: str) -> re.Pattern[str] | None:
    try:
        return re.compile(literal)
    except (re.error, OverflowError, RecursionError):
        return None  # a fragment of an f-string or plain text: no pattern of its own


def _is_number_pattern(literal: str) -> bool:
    pattern = _pattern(literal) if "\\d" in literal or "0-9" in literal else None
    return pattern is not None and any(pattern.fullmatch(n) for n in NUMBERS)


def _is_quotation_pattern(literal: str) -> bool:
    pattern = _pattern(literal) if any(q in literal for q in '“"«') else None
    return (
        pattern is not None
        and any(pattern.fullmatch(q) for q in QUOTATIONS)
        and not pattern.fullmatch("two words")
    )


def _word_list_of_attribution(words: list[str]) -> bool:
    """Mostly attribution words, and at least three: a list of them, not prose mentioning one."""
    distinct = set(words)
    hits = distinct & ATTRIBUTION_WORDS
    return len(hits) >= 3 and 2 * len(hits) >= len(distinct)


def text_facts(source: str) -> Iterator[str]:
    """The number, quotation and attribution patterns and word lists defined in ``source``."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            items = [
                e.value.lower()
                for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
            if _word_list_of_attribution(items):
                yield f"line {node.lineno}: attribution words {sorted(items)[:4]}"
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        literal = node.value
        if id(node) in docstrings:
            continue
        if _is_number_pattern(literal):
            yield f"line {node.lineno}: number pattern {literal!r}"
        if _is_quotation_pattern(literal):
            yield f"line {node.lineno}: quotation pattern {literal!r}"
        words = re.findall(r"[a-z]+", re.sub(r"\\[a-zA-Z]", " ", literal.lower()))
        if _word_list_of_attribution(words):
            yield f"line {node.lineno}: attribution words {literal[:60]!r}"


@pytest.mark.parametrize(
    "source",
    [
        'NUMBER = re.compile(r"\\b\\d+(?:[.,]\\d+)*")',
        'AMOUNT = r"(?<!\\w)[0-9]+(?:\\.[0-9]+)?"',
        'QUOTE = re.compile(r"“[^”]+”")',
        'SAID = re.compile(r"\\b(said|claimed|alleged|insisted)\\b", re.I)',
        'VERBS = {"claimed", "admitted", "denied"}',
        'VERBS = frozenset("claimed alleged insisted warned".split())',
    ],
)
def test_the_text_facts_check_finds_a_copy(source: str) -> None:
    assert list(text_facts(source)) != []


@pytest.mark.parametrize(
    "source",
    [
        'YEAR = re.compile(r"\\b(?:19|20)\\d\\d\\b")',
        'HELP = "Who is quoted, and how: “said” / “claimed”, a named source / “reports”."',
        "LINK = '<a href=\"{}\">{}</a>'",
    ],
)
def test_the_text_facts_check_lets_other_code_be(source: str) -> None:
    assert list(text_facts(source)) == []


def test_no_module_outside_text_defines_a_number_quotation_or_attribution_pattern() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)} {fact}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if TEXT not in path.parents
        for fact in text_facts(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def _imports_wordfreq(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.startswith("wordfreq") for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wordfreq"):
            return True
    return False


def test_only_text_asks_how_common_a_word_is() -> None:
    # One scale of word rarity, with its cut-offs in newsdiff/text/rarity.py.
    asking = [
        str(path.relative_to(PACKAGE.parent))
        for path in sorted(PACKAGE.rglob("*.py"))
        if TEXT not in path.parents and _imports_wordfreq(path)
    ]
    assert asking == []
    assert _imports_wordfreq(TEXT / "rarity.py")


@pytest.mark.process
def test_the_matching_core_imports_no_django() -> None:
    # Imported for real, in a fresh interpreter without settings: what it pulls in, however
    # indirectly (newsdiff.lib, newsdiff.text, a third-party package), counts.
    core = sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in (PACKAGE / "matching" / "core").glob("*.py")
        if path.name != "__init__.py"
    )
    assert "newsdiff.matching.core.matcher" in core
    check = (
        f"import {', '.join(core)}, sys; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE.parent)}
    found = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, check=True
    )
    assert found.stdout.strip() == "[]"
