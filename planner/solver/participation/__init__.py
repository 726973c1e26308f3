"""Participation: whose travel is paid, who sits in each session and who speaks on each panel.

Hard rules 7 (travel), 8 (presence), 9 (seats) and 10 (panels), and the participation soft
rules, coupled to the timetable: a seat exists per (participant, slot, room) where some item may
be held, so where the items land decides who can sit where, and funding decides who takes part
at all. The rules live in three modules, one small function per rule:

- `funding`: travel support, who takes part, which delegations are present;
- `seats`: seats in every session;
- `panels`: the panels;

beside `vars` (the `Participation` record of variables and helpers for literals that may be
constants) and `extract` (seats, panels and funding read out of a solution).

`add_participation` composes them in one order and keeps the variables on the context
(``ctx.participation``), where the plan's extraction finds them. The same code serves a joint
model (the timetable still open) and the second stage of a staged solve (the timetable fixed,
each ``session_at`` a constant 1): where a place's item is certain the rules build no literal
for what is then a constant.
"""

from __future__ import annotations

from planner.solver.context import ModelContext
from planner.solver.participation import funding, panels, seats
from planner.solver.participation.vars import Participation, find_places


def add_participation(ctx: ModelContext, *, mismatch: bool = True) -> None:
    """The participation concern: hard rules 7-10 and the participation soft rules.

    Funding comes first (it decides who takes part), then seats, then panels (an in-person
    panelist holds a seat in the item's first session). Without ``mismatch`` the soft rule
    ``discipline_mismatch`` is left to `planner.solver.staged.polish` (large staged solves).
    """
    part = ctx.participation = Participation(find_places(ctx))
    funding.add_funding(ctx, part)
    seats.add_seats(ctx, part, mismatch=mismatch)
    panels.add_panels(ctx, part)
