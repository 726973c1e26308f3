"""The `Changes` sheet of a replanned plan: what moved, old and new, and whom to tell.

One row per `planner.domain.changes.Change`, as a filterable table (by kind, say, to mail all
interpreters at once) with long texts wrapped, so that it prints on A4 landscape.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from planner.excel.style import WRAP_TOP, add_table, header_row, note, print_setup, put, set_widths

_WIDTHS: dict[int, float] = {1: 22, 2: 48, 3: 36, 4: 36, 5: 60}
NO_CHANGES = "No changes: the new plan keeps every row of the previous plan."


def write_changes(ws: Worksheet, frame: pd.DataFrame) -> None:
    """Fill ``ws`` with the frame of `planner.plan_frames.changes_table`.

    Parameters
    ----------
    ws
        The (new, empty) `Changes` worksheet.
    frame
        One row per change: kind, subject, old, new, who_to_notify.
    """
    columns = [str(c) for c in frame.columns]
    header_row(ws, 1, columns)
    for r, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(record, start=1):
            put(ws, r, c, value or None).alignment = WRAP_TOP
    add_table(ws, "tblChanges", len(columns), len(frame))
    if frame.empty:
        note(ws, 3, NO_CHANGES)
    ws.freeze_panes = "A2"
    set_widths(ws, _WIDTHS)
    print_setup(ws, landscape=True, title_rows="1:1")
