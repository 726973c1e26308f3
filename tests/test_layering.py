"""The house rules that keep the layers apart, and the public names of `planner`, `planner.excel`
and `planner.solver` declared once.

Each import runs in a fresh interpreter: in this one, other tests have long since imported
OR-Tools, openpyxl and pandas, so `sys.modules` here would prove nothing.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("ortools", "openpyxl", "pandas")


PROBE = """
import importlib, json, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for found in pkgutil.walk_packages(getattr(package, "__path__", []), package.__name__ + "."):
    importlib.import_module(found.name)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def loaded_after(package: str) -> set[str]:
    """The heavy top-level packages a fresh interpreter holds after importing ``package`` and
    every module inside it."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, package], capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout)) & set(HEAVY)


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("planner.domain", set(HEAVY)),
        ("planner.excel", {"ortools"}),
        ("planner.check", {"ortools"}),
    ],
)
def test_layer_loads_nothing_it_must_not(module: str, forbidden: set[str]) -> None:
    assert not loaded_after(module) & forbidden


def test_import_planner_alone_stays_light() -> None:
    # `planner` loads its names on first use; walking it would load every layer.
    code = "import json, sys, planner; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not {m.split(".")[0] for m in json.loads(out.stdout)} & set(HEAVY)


def test_the_probe_sees_what_a_layer_loads() -> None:
    # The checks above could pass by never seeing anything: these layers do load them.
    assert "ortools" in loaded_after("planner.solver")
    assert "openpyxl" in loaded_after("planner.excel")


LAZY_PACKAGES = ("planner", "planner.excel", "planner.solver")


def declared_in_source(package: str) -> list[tuple[str, str]]:
    """(name, module) of every import under ``if TYPE_CHECKING`` in the package's __init__.py."""
    init = ROOT.joinpath(*package.split(".")) / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    assert len(blocks) == 1
    found = []
    for node in ast.walk(blocks[0]):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                assert alias.asname == alias.name, f"{alias.name} is re-exported as itself"
                found.append((alias.name, str(node.module)))
    assert found, "the check sees the declarations"
    return found


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_public_names_are_declared_once(package: str) -> None:
    declared = declared_in_source(package)
    names = [name for name, _ in declared]
    assert len(names) == len(set(names)), "a public name is imported twice"
    module = importlib.import_module(package)
    assert dict(declared) == module._EXPORTS, "the lazy loader reads the one declaration"
    assert [n for n in module.__all__ if n != "__version__"] == names


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_public_name_resolves_to_what_its_module_defines(package: str) -> None:
    for name, module in declared_in_source(package):
        value = getattr(importlib.import_module(package), name)
        assert value is getattr(importlib.import_module(module), name)


def solver_entries() -> set[str]:
    """The modules (``name``) and rooms (``name/``) at the top of planner/solver."""
    top = ROOT / "planner" / "solver"
    modules = {p.stem for p in top.glob("*.py") if p.name != "__init__.py"}
    rooms = {f"{p.name}/" for p in top.iterdir() if (p / "__init__.py").is_file()}
    return modules | rooms


def test_the_solver_package_docstring_is_its_map() -> None:
    doc = importlib.import_module("planner.solver").__doc__ or ""
    mapped = [line.split("`")[1] for line in doc.splitlines() if line.startswith("- `")]
    assert len(mapped) == len(set(mapped)), "a module is mapped twice"
    assert set(mapped) == solver_entries(), "one line per module or room, and no other"
    assert len(solver_entries()) + 1 <= 15, "about 15 entries at most, __init__.py included"


def test_no_test_module_imports_another_module_of_the_tests() -> None:
    # Shared fixtures and factories reach the tests through conftest.py, whose helpers live in
    # tests/support; a test module imports none of them, nor another test module.
    tests = ROOT / "tests"
    ours = {p.stem for p in tests.glob("*.py")}
    ours |= {p.name for p in tests.iterdir() if (p / "__init__.py").is_file()}
    assert {"conftest", "support", "test_layering"} <= ours  # the check sees what it guards
    found = []
    for path in sorted(tests.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = ["." if node.level else str(node.module)]
            else:
                continue
            found += [f"{path.name}: {n}" for n in names if n == "." or n.split(".")[0] in ours]
    assert found == []
