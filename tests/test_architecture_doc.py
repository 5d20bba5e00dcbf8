"""docs/architecture.md stays true to the package: it names every module of the library, and its rule that
nothing in the library prints or exits (the command line alone does) holds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "reform_xlsx"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
# Run as programs, not imported by the library: the entry point, and the developer's script that regenerates schema_check.
PROGRAMS = {"__main__.py", "plan/schema_build.py"}
# A sandboxed reading worker (its own process) ends itself after a MemoryError; the parent says so (F-codes) and goes on.
WORKER_ENDS_ITSELF = {"intake/worker.py": ["os._exit", "os._exit"]}


def library_modules() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                  if p.name != "__init__.py" and p.parts[len(PACKAGE.parts)] != "cli")


@pytest.mark.parametrize("module", library_modules())
def test_the_module_list_names_every_module(module):
    assert Path(module).name in DOC


def prints_or_exits(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in ("print", "exit", "quit"):
                found.append(f.id)
            elif isinstance(f, ast.Attribute) and f.attr in ("exit", "_exit") and isinstance(f.value, ast.Name) \
                    and f.value.id in ("sys", "os"):
                found.append(f"{f.value.id}.{f.attr}")
        elif isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr") \
                and isinstance(node.value, ast.Name) and node.value.id == "sys":
            found.append(f"sys.{node.attr}")
    return found


@pytest.mark.parametrize("module", [m for m in library_modules() if m not in PROGRAMS])
def test_the_library_never_prints_or_exits(module):
    found = prints_or_exits(ast.parse((PACKAGE / module).read_text(encoding="utf-8")))
    assert found == WORKER_ENDS_ITSELF.get(module, [])


@pytest.mark.parametrize(("source", "found"), [
    ("print('x')", ["print"]),
    ("import sys\nsys.exit(2)", ["sys.exit"]),
    ("import os\nos._exit(1)", ["os._exit"]),
    ("import sys\nsys.stderr.write('x')", ["sys.stderr"]),
    ("def f(out):\n    out.write('x')", []),
])
def test_prints_or_exits(source, found):
    assert prints_or_exits(ast.parse(source)) == found
