"""Rows a hand edit left behind: seats, interpreters and panelists at a moved session's old place.

A person who moves an item in the plan's `Agenda` sheet (a new ``slot_id``) rarely retypes the
session's `Seats` and `Interpretation` rows too. The checker then finds one broken rule per such
row (``seat_without_session``, ``assignment_without_session``, and ``panelist_absent`` for
panelists whose seats stayed behind). `group_leftovers` folds them into one line per old place,
with what repairs them: `planner solve --from` re-seats and re-staffs the moved session.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planner.check.violation import Violation, slot_label
from planner.domain import Plan, ProblemData, Session

_AT_NEW_PLACE = frozenset({"team_size", "retour_missing", "plenary_delegation_unseated"})


@dataclass(frozen=True, slots=True)
class Leftover:
    """Rows still listed at a place where the plan holds no session of their item.

    Attributes
    ----------
    place
        The old session (item, slot, room) the rows name.
    seats, interpreters, panelists
        How many seat holders, interpreter rows and panelists (whose seat is there) remain.
    now
        Where the item's sessions are now (empty when it has none).
    unstaffed
        Broken rules at the item's new place that no row names yet (its booths without
        interpreters, its plenary without seat holders): what the move left to do.
    violations
        The broken rules folded into this line.
    """

    place: Session
    seats: int
    interpreters: int
    panelists: int
    now: tuple[Session, ...]
    unstaffed: int
    violations: tuple[Violation, ...]

    def sentence(self, problem: ProblemData) -> str:
        """``7 seat holders of item 3 are still listed at D1-AM (...), room R1; ...``."""
        what = []
        if self.seats:
            panel = f" ({self.panelists} of them on its panel)" if self.panelists else ""
            what.append(f"{self.seats} seat holder(s){panel}")
        if self.interpreters:
            what.append(f"{self.interpreters} interpreter(s)")
        item = self.place.item_id
        at = f"{slot_label(problem, self.place.slot_id)}, room {self.place.room_id}"
        now = (
            "; the item is now at "
            + ", ".join(f"{slot_label(problem, s.slot_id)}, room {s.room_id}" for s in self.now)
            if self.now
            else ""
        )
        if self.unstaffed:
            now += f", where nobody is listed yet ({self.unstaffed} rule(s) broken there)"
        return (
            f"{' and '.join(what)} of item {item} are still listed at {at}{now}; "
            "`planner solve --from` will re-seat and re-staff them"
        )


def group_leftovers(
    problem: ProblemData, plan: Plan, violations: list[Violation]
) -> tuple[list[Leftover], list[Violation]]:
    """Fold the rows left at a session's old place into one `Leftover` per place.

    Parameters
    ----------
    problem, plan
        The plan that was checked, and its problem.
    violations
        What `check_plan` found.

    Returns
    -------
    tuple
        The leftovers (in the order first met) and the violations not folded into one.
    """
    sessions = set(plan.sessions)
    seated_at: dict[tuple[str, str], Session] = {}  # (item, participant) -> stale place
    for seat in plan.seats:
        place = Session(seat.item_id, seat.slot_id, seat.room_id)
        if place not in sessions:
            seated_at[(seat.item_id, seat.participant_id)] = place
    folded: dict[Session, list[Violation]] = defaultdict(list)
    counts: dict[Session, list[int]] = defaultdict(lambda: [0, 0, 0])
    rest: list[Violation] = []
    for v in violations:
        if v.rule == "seat_without_session":
            slot_id, room_id, item_id, _pid = v.subject
            place = Session(item_id, slot_id, room_id)
            counts[place][0] += 1
        elif v.rule == "assignment_without_session":
            slot_id, room_id, item_id = v.subject[:3]
            place = Session(item_id, slot_id, room_id)
            counts[place][1] += 1
        elif (
            v.rule == "panelist_absent"
            and tuple(v.subject) in seated_at
            and "holds no seat" in v.message
        ):
            place = seated_at[(v.subject[0], v.subject[1])]
            counts[place][2] += 1
        else:
            rest.append(v)
            continue
        folded[place].append(v)
    order = {s.slot_id: k for k, s in enumerate(problem.slots)}
    # The sessions that moved: no interpreter row and no seat names them yet.
    named = {Session(a.item_id, a.slot_id, a.room_id) for a in plan.assignments}
    named |= {Session(t.item_id, t.slot_id, t.room_id) for t in plan.seats}
    moved_items = {place.item_id for place in counts}
    bare = {s for s in plan.sessions if s.item_id in moved_items and s not in named}
    unstaffed: dict[str, int] = defaultdict(int)
    kept: list[Violation] = []
    for v in rest:
        if v.rule in _AT_NEW_PLACE and len(v.subject) >= 3:
            slot_id, room_id, item_id = v.subject[:3]
            if Session(item_id, slot_id, room_id) in bare:
                unstaffed[item_id] += 1
                first = next(p for p in counts if p.item_id == item_id)
                folded[first].append(v)
                continue
        kept.append(v)
    rest = kept
    now: dict[str, list[Session]] = defaultdict(list)
    for s in sorted(plan.sessions, key=lambda s: (order.get(s.slot_id, len(order)), s.room_id)):
        now[s.item_id].append(s)
    leftovers = [
        Leftover(
            place,
            seats,
            interpreters,
            panelists,
            tuple(now.get(place.item_id, ())),
            unstaffed.pop(place.item_id, 0),
            tuple(folded[place]),
        )
        for place, (seats, interpreters, panelists) in counts.items()
    ]
    return leftovers, rest
