"""The Excel edge: the input workbook's schema, reader, template and writer.

Never imports ``ortools``; everything here turns workbooks into domain objects and back. The
names below are loaded on first use (`planner.lazy`): validating a workbook does not load the
template's writer, and writing a template does not load the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner import lazy

_EXPORTS = lazy.declared(__file__)

__all__ = [*_EXPORTS]


def __getattr__(name: str) -> Any:
    return lazy.load(__name__, _EXPORTS, name)


if TYPE_CHECKING:  # pragma: no cover
    from planner.excel.input_writer import write_problem as write_problem
    from planner.excel.reader import (
        read_workbook as read_workbook,
        validate_workbook as validate_workbook,
    )
    from planner.excel.schema import SCHEMA as SCHEMA, schema_markdown as schema_markdown
    from planner.excel.template import write_template as write_template
