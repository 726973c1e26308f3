"""Fixtures shared by the test modules: the factories and the command-line runner.

Test modules receive everything through these fixtures and import nothing from `tests/` (a test
in `test_layering.py` keeps it so). Each factory fixture is a module of `tests/support/`, whose
functions build problems, plans and solves: ``factory.problem(...)``, ``solving.solved(...)``.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from click.testing import CliRunner
from support import (
    factory as _factory,
    people as _people,
    sample_input as _sample_input,
    sample_plan as _sample_plan,
    solving as _solving,
)


@pytest.fixture
def runner() -> CliRunner:
    """Runs the command line in-process, as a user would at a terminal."""
    return CliRunner()


@pytest.fixture(scope="session")
def factory() -> ModuleType:
    """Tiny problems built in code, so each test states only what matters to it."""
    return _factory


@pytest.fixture(scope="session")
def people_factory() -> ModuleType:
    """Problems about people alone (English-only items, no interpreters), and their solve."""
    return _people


@pytest.fixture(scope="session")
def sample_input() -> ModuleType:
    """The small input problem most reader tests start from, and its workbook."""
    return _sample_input


@pytest.fixture(scope="session")
def sample_plan() -> ModuleType:
    """A small problem with a hand-made plan whose figures are worked out in its docstring."""
    return _sample_plan


@pytest.fixture(scope="session")
def solving() -> ModuleType:
    """Solving tiny problems, every returned plan held to the checker."""
    return _solving
