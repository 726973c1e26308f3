"""Public names of a package loaded on first use, so that a command loads only what it needs.

A package declares each public name once, as an import under ``if TYPE_CHECKING`` at the end of
its ``__init__.py`` (``from planner.x.y import name as name``): type checkers read the block as
imports, and `declared` reads it as the map from each name to its module. The package's
``__getattr__`` then calls `load`. `planner`, `planner.excel` and `planner.solver` work so;
the test of the layering parses each block properly and compares.
"""

from __future__ import annotations

import re
import sys
from typing import Any


def declared(init_file: str) -> dict[str, str]:
    """Each public name with its module, read from the ``if TYPE_CHECKING`` block at the end of
    ``init_file``; with a regular expression, not `ast`, to keep the import quick."""
    with open(init_file, encoding="utf-8") as f:
        block = f.read().partition("\nif TYPE_CHECKING:")[2]
    return {
        name: module
        for module, names in re.findall(r"from (planner[\w.]*) import (\([^)]*\)|[^\n]*)", block)
        for name in re.findall(r"(\w+) as \1\b", names)
    }


def load(package: str, exports: dict[str, str], name: str) -> Any:
    """The value of ``package.name``, imported from its module and kept in the package."""
    module = exports.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    __import__(module)  # rather than `importlib.import_module`, which `-X importtime` misses
    value = getattr(sys.modules[module], name)
    setattr(sys.modules[package], name, value)
    return value
