"""The core stays pure: no adapter, framework or I/O import, no clock, no files (docs/architecture.md).

Like httpx's tests/test_exported_members.py, a tiny test that guards a boundary by reading the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mesoplan.core

CORE = Path(mesoplan.core.__file__).parent
MODULES = sorted(CORE.glob("*.py"))

FORBIDDEN_IMPORTS = (
    # frameworks and storage
    "django", "typer", "click", "sqlite3", "psycopg", "yaml",
    # I/O and the outside world
    "os", "pathlib", "io", "socket", "requests", "urllib", "http", "subprocess", "shutil", "tempfile",
    "importlib.resources",
    # the adapters and the layers above the core
    "mesoplan.cli", "mesoplan.web", "mesoplan.exports", "mesoplan.services", "mesoplan.knowledge_loader",
    "mesoplan.knowledge_check", "mesoplan.i18n",
)
# Calls that read the clock, files or the terminal: time is passed in (`start`, `today`), never read.
FORBIDDEN_CALLS = (
    "open", "print", "input",
    "date.today", "datetime.now", "datetime.today", "datetime.utcnow",
    "datetime.date.today", "datetime.datetime.now", "datetime.datetime.today", "datetime.datetime.utcnow",
    "time.time", "time.monotonic", "time.perf_counter",
)


def imported_modules(tree: ast.AST) -> list[str]:
    """Every module an `import` or `from … import` statement names (relative imports are core's own)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def called_names(tree: ast.AST) -> list[str]:
    """The dotted name of every call such as `date.today()` or `open(...)`."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            parts = []
            func = node.func
            while isinstance(func, ast.Attribute):
                parts.append(func.attr)
                func = func.value
            if isinstance(func, ast.Name):
                names.append(".".join([func.id, *reversed(parts)]))
    return names


def forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN_IMPORTS)


def test_the_scan_reads_the_core_modules() -> None:
    """The scan finds the core's modules, screening and the intake parser among them."""
    assert {"screening.py", "intake_parser.py", "knowledge_schema.py", "dates.py"} <= {m.name for m in MODULES}


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_a_core_module_imports_no_framework_adapter_or_io(module: Path) -> None:
    """A core module imports nothing that reaches a framework, an adapter, the disk or the network."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    assert [name for name in imported_modules(tree) if forbidden(name)] == []


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_a_core_module_never_reads_the_clock_or_opens_a_file(module: Path) -> None:
    """A core module calls no `open`, `print`, `date.today`, `datetime.now` or `time.time`."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    assert [name for name in called_names(tree) if name in FORBIDDEN_CALLS] == []


def test_the_scan_would_catch_a_clock_read_and_an_adapter_import() -> None:
    """The detectors flag `date.today()` and `from mesoplan.services import screen` in sample code."""
    tree = ast.parse("from datetime import date\nfrom mesoplan.services import screen\nx = date.today()\n")
    assert [name for name in imported_modules(tree) if forbidden(name)] == ["mesoplan.services",
                                                                            "mesoplan.services.screen"]
    assert "date.today" in called_names(tree)


# Module-level state: a container or cache made at import and kept for the life of the process
# would be shared by every request and worker (decisions item 4) and hidden from the caller.
# Constant tables are MappingProxyType, tuples or frozensets; derived values travel with the
# knowledge base (core/derived.py).
MUTABLE_DISPLAYS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
MUTABLE_CALLS = frozenset({"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"})
CACHE_DECORATORS = frozenset({"lru_cache", "cache", "cached_property"})


def _called(node: ast.expr) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def module_state(tree: ast.Module) -> list[str]:
    """The names bound at module level to a mutable container, and the functions wrapped in a cache."""
    found = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [ast.unparse(t) for t in targets if ast.unparse(t) != "__all__"]
            value = node.value
            if names and (isinstance(value, MUTABLE_DISPLAYS)
                          or (isinstance(value, ast.Call) and _called(value) in MUTABLE_CALLS)):
                found += names
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found += [f"@{_called(d)} {node.name}" for d in node.decorator_list if _called(d) in CACHE_DECORATORS]
    return found


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_a_core_module_keeps_no_mutable_state_at_module_level(module: Path) -> None:
    """No module-level dict, list or set, and no functools cache: constants are read-only mappings or
    tuples, and what is worked out from the knowledge base travels with it."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    assert module_state(tree) == []


def test_a_core_module_sets_no_attribute_on_a_frozen_value_after_the_fact() -> None:
    """`object.__setattr__` is allowed only in a `__post_init__` (a field computed when the value is made),
    never to stash a cache on a value already made."""
    for module in MODULES:
        tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef) and function.name != "__post_init__":
                calls = [n for n in ast.walk(function) if isinstance(n, ast.Call)]
                assert "object.__setattr__" not in [ast.unparse(c.func) for c in calls], (module.name, function.name)


def test_the_state_scan_would_catch_a_memo() -> None:
    """A module-level dict, a cached function and a list all show; a read-only mapping, a tuple and `__all__` do not."""
    tree = ast.parse("from functools import lru_cache\nfrom types import MappingProxyType\n"
                     "_SEEN: dict[str, int] = {}\nITEMS = list()\nOK = MappingProxyType({})\nT = (1, 2)\n"
                     "__all__ = ['x']\n@lru_cache(maxsize=8)\ndef f() -> int:\n    return 1\n")
    assert module_state(tree) == ["_SEEN", "ITEMS", "@lru_cache f"]
