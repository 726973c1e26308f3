"""Fixtures shared by the test modules.

Plain factories live in helper modules that tests import (`factory` for problems built in code,
`people` for problems about participation alone, `sample_input` and `sample_plan` for the
workbook tests, `solver_helpers` for solving with every plan held to the checker); test modules
never import one another.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    """Runs the command line in-process, as a user would at a terminal."""
    return CliRunner()
