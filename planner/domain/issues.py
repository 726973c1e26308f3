"""Problems found in the user's data, located as precisely as the source allows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in the input, in the user's words.

    ``sheet``, ``row`` and ``column`` locate it in the workbook where known; ``key`` is the id of
    the record (row) concerned, so that a problem found on domain records can be traced back to
    its row. ``severity`` is "error" (the workbook cannot be planned) or "warning".
    """

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    key: str | None = None
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        """True for a problem that stops planning."""
        return self.severity == "error"

    def at(self, row: int | None) -> Issue:
        """The same issue, placed on a workbook row."""
        return replace(self, row=row)

    def location(self) -> str:
        """``Sheet 'Agenda', row 4, column 'after'``, or as much of it as is known."""
        parts = []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        label = "error" if self.is_error else "warning"
        return f"{label}: {where}: {self.message}" if where else f"{label}: {self.message}"


class InvalidProblem(ValueError):
    """Raised with every problem at once when input data cannot be planned.

    Attributes
    ----------
    issues
        All the problems found (errors and warnings), in the order found.
    """

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: list[Issue] = list(issues)
        errors = [i for i in self.issues if i.is_error]
        head = f"{len(errors)} error(s) in the input"
        super().__init__("\n".join([head, *(str(i) for i in errors)]))

    @property
    def errors(self) -> list[Issue]:
        """Only the problems that stop planning."""
        return [i for i in self.issues if i.is_error]
