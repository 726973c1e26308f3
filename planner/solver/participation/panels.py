"""Panels (hard rule 10) and the soft rules on who speaks.

``speaker[p, i]`` exists for each person who could speak on item ``i``: they may take part,
speak the language of a session without interpretation and, in person, may hold a seat where the
item may be held. A panel speaks in the item's first session, so the coupling to the timetable
goes through the first-session literals of `ModelContext`.
"""

from __future__ import annotations

from collections import defaultdict

from planner.domain import AgendaItem, Participant
from planner.solver.context import Expr, ModelContext, Var, both
from planner.solver.participation.vars import (
    Participation,
    any_of,
    fixed_true,
    is_false,
    is_true,
)


def first_sessions(ctx: ModelContext, item: AgendaItem) -> dict[str, Expr]:
    """``slot_id -> 1`` when the item's first session is in that slot, for the slots it may use:
    constants where the timetable is fixed, ``held`` for a one-session item, else the
    context's first-session literals."""
    slots = [s.slot_id for s in ctx.problem.slots if (item.item_id, s.slot_id) in ctx.held]
    if all(fixed_true(ctx, ctx.held[item.item_id, s]) for s in slots):
        return {s: int(k == 0) for k, s in enumerate(slots)}
    if item.sessions == 1:
        return {s: ctx.held[item.item_id, s] for s in slots}
    return {s: ctx.first_session[item.item_id, s] for s in slots}


def first_day_for(
    ctx: ModelContext, part: Participation, item: AgendaItem, person: Participant
) -> Expr:
    """1 when the item's first session falls on a day between the person's arrival and
    departure (funding aside)."""
    days = set(ctx.problem.present_days(person))
    return sum(
        first
        for slot_id, first in part.first[item.item_id].items()
        if ctx.problem.slot(slot_id).date in days
    )


def _rooms_of(ctx: ModelContext, item: AgendaItem, slot_id: str) -> list[str]:
    return [
        r.room_id for r in ctx.problem.rooms if (item.item_id, slot_id, r.room_id) in ctx.session_at
    ]


def may_speak(ctx: ModelContext, part: Participation, item: AgendaItem, p: Participant) -> bool:
    """Hard rules 8 and 10: the person may take part, speaks the language of a session without
    interpretation, and (in person) may hold a seat where the item may first be held."""
    if is_false(part.attends[p.participant_id]):
        return False
    if not item.interpreted and item.languages[0] not in p.languages:
        return False
    slots = [s for s, first in part.first[item.item_id].items() if not is_false(first)]
    if p.in_person:
        return any(
            (p.participant_id, s, r) in part.seat for s in slots for r in _rooms_of(ctx, item, s)
        )
    days = set(ctx.problem.present_days(p))
    return any(ctx.problem.slot(s).date in days for s in slots)


def panel_items(ctx: ModelContext) -> list[AgendaItem]:
    """Items that want a panel."""
    return [i for i in ctx.problem.items if i.panel_size > 0]


def add_speaker_variables(ctx: ModelContext, part: Participation) -> None:
    """Make ``first`` and ``speaker`` for every person who may speak on each panel."""
    for item in panel_items(ctx):
        part.first[item.item_id] = first_sessions(ctx, item)
        for p in ctx.problem.participants:
            if may_speak(ctx, part, item, p):
                key = (p.participant_id, item.item_id)
                part.speaker[key] = ctx.model.new_bool_var(f"speaker[{','.join(key)}]")


def panelists_present(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 10: an in-person panelist holds a seat in the item's first session; an online
    one takes part that day."""
    problem = ctx.problem
    for (pid, item_id), speaker in part.speaker.items():
        item, person = problem.item(item_id), problem.participant(pid)
        if not person.in_person:
            ctx.model.add(speaker <= first_day_for(ctx, part, item, person))
            attends = part.attends[pid]
            if not isinstance(attends, int):
                ctx.model.add_implication(speaker, attends)
            continue
        for slot_id, first in part.first[item_id].items():
            if is_false(first):
                continue
            rooms = _rooms_of(ctx, item, slot_id)
            for room_id in rooms:
                seat = part.seat.get((pid, slot_id, room_id), 0)
                if len(rooms) == 1:  # held there exactly when held at all
                    ctx.model.add(speaker + first - 1 <= seat)
                else:
                    at = ctx.session_at[item_id, slot_id, room_id]
                    ctx.model.add(speaker + first + at - 2 <= seat)


def _by_item(part: Participation) -> dict[str, list[tuple[str, Var]]]:
    out: dict[str, list[tuple[str, Var]]] = defaultdict(list)
    for (pid, item_id), var in part.speaker.items():
        out[item_id].append((pid, var))
    return out


def panel_limits(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 10: at most ``panel_size`` speakers, ``panel_max_per_delegation`` from one
    delegation, and ``panel_max_per_participant`` panels per person."""
    problem, rules = ctx.problem, ctx.problem.rules
    for item_id, speakers in _by_item(part).items():
        if len(speakers) > problem.item(item_id).panel_size:
            ctx.model.add(sum(v for _, v in speakers) <= problem.item(item_id).panel_size)
        by_delegation: dict[str, list[Var]] = defaultdict(list)
        for pid, var in speakers:
            by_delegation[problem.participant(pid).delegation_id].append(var)
        for group in by_delegation.values():
            if len(group) > rules.panel_max_per_delegation:
                ctx.model.add(sum(group) <= rules.panel_max_per_delegation)
    panels_of: dict[str, list[Var]] = defaultdict(list)
    for (pid, _), var in part.speaker.items():
        panels_of[pid].append(var)
    for group in panels_of.values():
        if len(group) > rules.panel_max_per_participant:
            ctx.model.add(sum(group) <= rules.panel_max_per_participant)


def panel_unfilled(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``panel_unfilled``: each empty seat on a panel."""
    speakers = _by_item(part)
    for item in panel_items(ctx):
        filled = sum(v for _, v in speakers.get(item.item_id, []))
        ctx.penalize("panel_unfilled", item.panel_size - filled)


def discipline_missing(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``discipline_missing``: each wanted discipline no panelist holds."""
    problem = ctx.problem
    if problem.rules.weight("discipline_missing") == 0:
        return
    speakers = _by_item(part)
    missing: list[Expr] = []
    for item in panel_items(ctx):
        for discipline in dict.fromkeys(item.disciplines):
            holders = [
                v
                for pid, v in speakers.get(item.item_id, [])
                if problem.participant(pid).discipline == discipline
            ]
            covered = any_of(ctx, holders, f"covered[{item.item_id},{discipline}]")
            missing.append(1 - covered)
    ctx.penalize("discipline_missing", sum(missing))


def region_diversity(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``region_diversity``: each regional group short of min(panel_size, 5).

    The groups present can never exceed that number (a panel has at most ``panel_size``
    speakers, and there are five groups), so the shortfall is a plain difference.
    """
    problem = ctx.problem
    if problem.rules.weight("region_diversity") == 0:
        return
    speakers = _by_item(part)
    short: list[Expr] = []
    for item in panel_items(ctx):
        groups: dict[str, list[Var]] = defaultdict(list)
        for pid, var in speakers.get(item.item_id, []):
            group = problem.delegation(problem.participant(pid).delegation_id).regional_group
            if group is not None:
                groups[group].append(var)
        held = [any_of(ctx, vs, f"region[{item.item_id},{g}]") for g, vs in sorted(groups.items())]
        short.append(min(item.panel_size, 5) - sum(held))
    ctx.penalize("region_diversity", sum(short))


def gender_balance(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``gender_balance``: each person beyond a difference of one between women and
    men on a panel."""
    problem = ctx.problem
    if problem.rules.weight("gender_balance") == 0:
        return
    excess: list[Var] = []
    for item_id, speakers in _by_item(part).items():
        women = [v for pid, v in speakers if problem.participant(pid).gender == "f"]
        men = [v for pid, v in speakers if problem.participant(pid).gender == "m"]
        if len(women) < 2 and len(men) < 2:
            continue
        size = problem.item(item_id).panel_size
        var = ctx.model.new_int_var(0, size, f"gender_excess[{item_id}]")
        ctx.model.add_max_equality(var, [0, sum(women) - sum(men) - 1, sum(men) - sum(women) - 1])
        excess.append(var)
    ctx.penalize("gender_balance", sum(excess))


def speaker_preference(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``speaker_preference``: per panel, the smaller of the number of panelists who
    did not ask to speak on it and the number of people who asked, are not on it and take part
    on the day of its first session."""
    problem = ctx.problem
    if problem.rules.weight("speaker_preference") == 0:
        return
    counted: list[Expr] = []
    for item_id, speakers in _by_item(part).items():
        item = problem.item(item_id)
        unasked = [v for pid, v in speakers if item_id not in problem.participant(pid).speaks_on]
        waiting: list[Expr] = []
        sure_to_wait = 0
        for q in problem.participants:
            if item_id not in q.speaks_on or is_false(part.attends[q.participant_id]):
                continue
            there = first_day_for(ctx, part, item, q)
            if is_false(there):
                continue
            qid = q.participant_id
            sure_to_wait += is_true(there) and is_true(part.attends[qid])
            available = both(ctx, there, part.attends[qid], f"available[{qid},{item_id}]")
            # A speaker takes part that day (hard rule 10), so this is 0 or 1.
            waiting.append(available - part.speaker.get((qid, item_id), 0))
        if not unasked or not waiting:
            continue
        if sure_to_wait >= item.panel_size:
            # As many are sure to have asked and be there as the panel has seats, so those who
            # asked and are left off always outnumber those who did not ask and are on it.
            counted.append(sum(unasked))
            continue
        var = ctx.model.new_int_var(0, min(len(unasked), len(waiting)), f"unasked[{item_id}]")
        ctx.model.add_min_equality(var, [sum(unasked), sum(waiting)])
        counted.append(var)
    ctx.penalize("speaker_preference", sum(counted))


def add_panels(ctx: ModelContext, part: Participation) -> None:
    """Panels (hard rule 10) and the soft rules on who speaks."""
    add_speaker_variables(ctx, part)
    panelists_present(ctx, part)
    panel_limits(ctx, part)
    panel_unfilled(ctx, part)
    discipline_missing(ctx, part)
    region_diversity(ctx, part)
    gender_balance(ctx, part)
    speaker_preference(ctx, part)
