"""The Excel edge: the input workbook's schema, reader, template and writer.

Never imports ``ortools``; everything here turns workbooks into domain objects and back.
"""

from planner.excel.input_writer import write_problem
from planner.excel.reader import read_workbook, validate_workbook
from planner.excel.schema import SCHEMA, schema_markdown
from planner.excel.template import write_template

__all__ = [
    "SCHEMA",
    "read_workbook",
    "schema_markdown",
    "validate_workbook",
    "write_problem",
    "write_template",
]
