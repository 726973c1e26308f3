"""What makes a view read naturally in its language: script, direction and the Warnings.

Views are written by `planner.excel.plan_views` and `planner.excel.participant_views` with the
labels of a `planner.i18n.Words`; this module gives every cell of a view a font with the
script's glyphs, turns Arabic sheets right to left, and puts the `Warnings` sentences into the
plan's language (the English sentence stays beside it, in column ``detail_en``).
"""

from __future__ import annotations

from copy import copy

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import ProblemData
from planner.i18n import Words


def finish_view(ws: Worksheet, w: Words) -> None:
    """Give every written cell the language's font; Arabic: right to left, right-aligned."""
    rtl = w.right_to_left
    if rtl:
        ws.sheet_view.rightToLeft = True
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style:
                continue
            if cell.font.name != w.font:
                cell.font = _font(cell.font, w.font)
            if rtl:
                old = cell.alignment
                cell.alignment = Alignment(
                    horizontal="right",
                    vertical=old.vertical,
                    wrap_text=old.wrap_text,
                    readingOrder=2,  # right to left
                )


def _font(font: object, name: str) -> Font:
    changed = copy(font)
    assert isinstance(changed, Font)
    changed.name = name
    return changed


def _ids(text: str, parts: int) -> list[str] | None:
    pieces = text.split("/")
    return pieces if len(pieces) == parts else None


def _sentence(problem: ProblemData, rule: str, subject: str, penalty: float, w: Words) -> str:
    """The sentence of one `Warnings` row in the language of ``w``, from its rule and count."""
    weight = problem.rules.weight(rule) if rule in RULE_SUBJECTS else 0
    count = round(penalty / weight) if weight else 0
    values: dict[str, object] = {"count": w.number(count), "subject": subject}
    shape = RULE_SUBJECTS.get(rule)
    try:
        if shape == "item":
            values.update(item=subject, title=problem.item(subject).title)
        elif shape == "session":
            slot, room, item = _ids(subject, 3) or ["", "", ""]
            values.update(slot=_slot(problem, slot, w), room=room, item=item)
        elif shape == "seat":
            slot, pid = _ids(subject, 2) or ["", ""]
            values.update(slot=_slot(problem, slot, w), person=problem.participant(pid).name)
        elif shape == "person":
            values.update(person=problem.participant(subject).name, money=w.money(count))
        elif shape == "delegation":
            values.update(delegation=problem.delegation(subject).name)
        elif shape == "interpreter":
            name = problem.interpreter(subject).name
            values.update(interpreter=name, money=w.money(count))
        elif shape == "booth":
            slot, room, booth = _ids(subject, 3) or ["", "", ""]
            values.update(slot=_slot(problem, slot, w), room=room, booth=w(f"language.{booth}"))
        if shape is not None:
            return w(f"warning.{rule}", **values)
    except (KeyError, ValueError, IndexError):
        pass  # an id the problem does not know: the plain sentence below
    return w("warning.generic", rule=rule, subject=subject, penalty=w.number(penalty))


def _slot(problem: ProblemData, slot_id: str, w: Words) -> str:
    slot = problem.slot(slot_id)
    return f"{w.short_day(slot.date)} {w.time_range(slot.start, slot.end)}"


# How each soft rule names its subject in `planner.check.penalties`.
RULE_SUBJECTS: dict[str, str] = {
    "panel_unfilled": "item",
    "discipline_missing": "item",
    "region_diversity": "item",
    "gender_balance": "item",
    "speaker_preference": "item",
    "split_item": "item",
    "delegation_unseated": "session",
    "discipline_mismatch": "seat",
    "funding_priority": "person",
    "funding_unmet": "delegation",
    "travel_cost": "person",
    "interpretation_cost": "interpreter",
    "interpreter_continuity": "booth",
    "plan_change": "any",
}


def translated_warnings(problem: ProblemData, frame: pd.DataFrame, w: Words) -> pd.DataFrame:
    """The `Warnings` frame with ``detail`` in the language of ``w`` and ``detail_en`` beside it.

    English plans keep the frame as it is. Rule codes and subjects stay as they are: they are
    codes and ids, the same in every language.
    """
    if w.language == "en":
        return frame
    out = frame.copy()
    out["detail"] = [
        _sentence(problem, str(rule), str(subject), float(penalty), w)
        for rule, subject, penalty in zip(
            frame["rule"], frame["subject"], frame["penalty"], strict=True
        )
    ]
    out.insert(list(out.columns).index("detail") + 1, "detail_en", frame["detail"])
    return out
