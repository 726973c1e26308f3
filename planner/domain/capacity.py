"""Pre-solve checks: what certainly cannot work, found by counting, in plain words.

Each check is a relaxation of the hard rules (rules.md), so an error here means no plan exists,
and a warning means some choices are ruled out. Issues carry sheet, column and key (the record
id) so that the workbook reader can place them on rows. Nothing here needs a solver.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from planner.domain.issues import Issue
from planner.domain.languages import sort_languages
from planner.domain.problem import ProblemData
from planner.domain.records import AgendaItem, Interpreter, Slot, iso_week


def _error(message: str, sheet: str, column: str | None = None, key: str | None = None) -> Issue:
    return Issue(message, sheet=sheet, column=column, key=key)


def _warning(message: str, sheet: str, column: str | None = None, key: str | None = None) -> Issue:
    return Issue(message, sheet=sheet, column=column, key=key, severity="warning")


def _ids(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)


def usable_slots(problem: ProblemData, item: AgendaItem) -> list[Slot]:
    """The item's allowed slots in which some room that fits it is free."""
    rooms = problem.rooms_for(item)
    return [
        s for s in problem.allowed_slots(item) if any(s.slot_id not in r.unavailable for r in rooms)
    ]


def _room_issues(problem: ProblemData, explained: set[str]) -> list[Issue]:
    issues = []
    for item in problem.items:
        if not problem.rooms_for(item):
            needs = [f"room '{item.room}'"] if item.room else []
            if item.attendance is not None:
                needs.append(f"{item.attendance} seats")
            if item.interpreted:
                needs.append(f"booths {_ids(item.languages)}")
            column = (
                "room" if item.room else "languages" if item.attendance is None else "attendance"
            )
            issues.append(
                _error(
                    f"no room has what item '{item.item_id}' needs ({' and '.join(needs)}); "
                    "change the item or the rooms",
                    "Agenda",
                    column,
                    item.item_id,
                )
            )
            explained.add(item.item_id)
            continue
        usable = usable_slots(problem, item)
        if len(usable) < item.sessions:
            where = f" ({_ids(s.slot_id for s in usable)})" if usable else ""
            issues.append(
                _error(
                    f"item '{item.item_id}' needs {item.sessions} session(s) but a suitable room "
                    f"is free in only {len(usable)} of its slots{where}; allow more slots or rooms",
                    "Agenda",
                    "allowed_slots",
                    item.item_id,
                )
            )
            explained.add(item.item_id)
    return issues


def _available(problem: ProblemData, person: Interpreter, slot: Slot) -> bool:
    return (
        slot.slot_id not in person.unavailable
        and problem.max_per_day(person) > 0
        and problem.max_per_week(person) > 0
    )


def _staffed(problem: ProblemData, item: AgendaItem, booth: str, slot: Slot) -> bool:
    team = [i for i in problem.interpreters if i.booth == booth and _available(problem, i, slot)]
    others = set(item.languages) - {booth}
    retour = [i for i in team if i.retour & others]
    return len(team) >= problem.team_size(booth) and len(retour) >= problem.retour_needed(booth)


def _booth_capacity(problem: ProblemData, person: Interpreter) -> int:
    # Sessions one interpreter can give at most: free slots, capped per day, then per week.
    per_day: dict[dt.date, int] = defaultdict(int)
    for slot in problem.slots:
        if _available(problem, person, slot):
            per_day[slot.date] += 1
    per_week: dict[tuple[int, int], int] = defaultdict(int)
    for day, n in per_day.items():
        per_week[iso_week(day)] += min(n, problem.max_per_day(person))
    return sum(min(n, problem.max_per_week(person)) for n in per_week.values())


def _interpretation_issues(problem: ProblemData, explained: set[str]) -> list[Issue]:
    issues: list[Issue] = []
    interpreted = [i for i in problem.items if i.interpreted and i.item_id not in explained]
    booths = list(dict.fromkeys(lang for i in interpreted for lang in i.languages))
    short: set[str] = set()
    usable = {i.item_id: set(usable_slots(problem, i)) for i in interpreted}
    for booth in booths:
        people = [i for i in problem.interpreters if i.booth == booth]
        needing = [i for i in interpreted if booth in i.languages]
        team = problem.team_size(booth)
        if len(people) < team:
            short.add(booth)
            issues.append(
                _error(
                    f"booth {booth} has {len(people)} interpreter(s) but a session needs {team}; "
                    f"item(s) {_ids(i.item_id for i in needing)} cannot be interpreted",
                    "Interpreters",
                    "booth",
                )
            )
            continue
        demand = sum(i.sessions for i in needing) * team
        supply = sum(_booth_capacity(problem, p) for p in people)
        if supply < demand:
            issues.append(
                _error(
                    f"booth {booth}: the sessions that need it call for {demand} interpreter "
                    f"assignments, but its interpreters can take at most {supply} (given when "
                    "they are unavailable and their limits per day and week)",
                    "Interpreters",
                    "booth",
                )
            )
        for slot in problem.slots:
            runnable = [i for i in needing if slot in usable[i.item_id]]
            free = sum(1 for p in people if _available(problem, p, slot))
            if runnable and free < team:
                issues.append(
                    _warning(
                        f"in slot '{slot.slot_id}' only {free} {booth} interpreter(s) are "
                        f"available but a session needs {team}: item(s) "
                        f"{_ids(i.item_id for i in runnable)} cannot be interpreted then",
                        "Slots",
                        "slot_id",
                        slot.slot_id,
                    )
                )
    for item in interpreted:
        if short & set(item.languages):
            continue
        issue = _retour_issue(problem, item) or _staffing_issue(problem, item)
        if issue is not None:
            issues.append(issue)
            explained.add(item.item_id)
    return issues


def _retour_issue(problem: ProblemData, item: AgendaItem) -> Issue | None:
    for booth in item.languages:
        others = set(item.languages) - {booth}
        able = [i for i in problem.interpreters if i.booth == booth and i.retour & others]
        if len(able) < problem.retour_needed(booth):
            into = _ids(sort_languages(others))
            return _error(
                f"item '{item.item_id}': each {booth} team needs {problem.retour_needed(booth)} "
                f"interpreter(s) with a retour into {into}, but only {len(able)} {booth} "
                "interpreter(s) have one; add retour languages in the Interpreters sheet",
                "Agenda",
                "languages",
                item.item_id,
            )
    return None


def _staffing_issue(problem: ProblemData, item: AgendaItem) -> Issue | None:
    staffed = [
        s
        for s in usable_slots(problem, item)
        if all(_staffed(problem, item, b, s) for b in item.languages)
    ]
    if len(staffed) >= item.sessions:
        return None
    where = f" ({_ids(s.slot_id for s in staffed)})" if staffed else ""
    return _error(
        f"item '{item.item_id}' needs {item.sessions} session(s) but a full team of interpreters, "
        f"retour included, is available in every booth it needs in only {len(staffed)} of its "
        f"slots{where}",
        "Agenda",
        "languages",
        item.item_id,
    )


def _presence(problem: ProblemData, day: dt.date, *, funded: bool) -> int:
    eligible = {d.delegation_id for d in problem.delegations if d.funding_eligible}
    return len(
        {
            p.delegation_id
            for p in problem.participants
            if p.in_person
            and day in problem.present_days(p)
            and (not p.needs_funding or (funded and p.delegation_id in eligible))
        }
    )


def _plenary_issues(problem: ProblemData, explained: set[str]) -> list[Issue]:
    issues: list[Issue] = []
    secretariat = problem.rules.secretariat_seats
    for item in problem.items:
        if not item.plenary or item.item_id in explained:
            continue
        rooms = problem.rooms_for(item)
        largest: dict[dt.date, int] = {}
        for slot in usable_slots(problem, item):
            cap = max(r.capacity for r in rooms if slot.slot_id not in r.unavailable)
            largest[slot.date] = max(cap, largest.get(slot.date, 0))
        fitting = []
        for day, cap in sorted(largest.items()):
            sure = _presence(problem, day, funded=False)
            hoped = _presence(problem, day, funded=True)
            if sure + secretariat <= cap:
                fitting.append(day)
                if hoped + secretariat > cap:
                    issues.append(
                        _warning(
                            f"on {day.isoformat()}, if every request for travel support is "
                            f"granted, {hoped} delegations need {hoped + secretariat} seats with "
                            f"the {secretariat} secretariat seats, more than the {cap} of the "
                            f"largest room for plenary item '{item.item_id}'",
                            "Agenda",
                            "attendance",
                            item.item_id,
                        )
                    )
                continue
            issues.append(
                _warning(
                    f"plenary item '{item.item_id}' cannot be held on {day.isoformat()}: "
                    f"{sure} delegations are present, needing {sure + secretariat} seats with "
                    f"the {secretariat} secretariat seats, but the largest suitable room has {cap}",
                    "Agenda",
                    "attendance",
                    item.item_id,
                )
            )
        if largest and not fitting:
            issues.append(
                _error(
                    f"plenary item '{item.item_id}' cannot seat every present delegation on any "
                    "of its days; allow a larger room or a day with fewer delegations",
                    "Agenda",
                    "attendance",
                    item.item_id,
                )
            )
    return issues


def _cycles(problem: ProblemData) -> list[list[str]]:
    known = {i.item_id for i in problem.items}
    edges = {i.item_id: [a for a in i.after if a in known] for i in problem.items}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(_cycle_path(component, edges))

    for item in problem.items:
        if item.item_id not in index:
            connect(item.item_id)
    return found


def _cycle_path(component: list[str], edges: dict[str, list[str]]) -> list[str]:
    # Walk "after" links inside the component from its first item in agenda order back to it.
    members = set(component)
    start = min(component, key=list(edges).index)
    path, seen, node = [start], {start}, start
    while True:
        nxt = next(n for n in edges[node] if n in members)
        if nxt in seen:
            return [*path[path.index(nxt) :], nxt]
        path.append(nxt)
        seen.add(nxt)
        node = nxt


def _order_issues(problem: ProblemData, explained: set[str]) -> list[Issue]:
    cycles = _cycles(problem)
    issues = [
        _error(
            f"items {' -> '.join(cycle)} each wait for the other ('after'); remove one of these "
            "'after' entries",
            "Agenda",
            "after",
            cycle[0],
        )
        for cycle in cycles
    ]
    if cycles:
        return issues
    # Earliest finish along "after" chains, in slot indices, ignoring rooms and interpreters.
    finish: dict[str, int | None] = {}
    known = {i.item_id for i in problem.items}

    def earliest(item: AgendaItem) -> int | None:
        if item.item_id in finish:
            return finish[item.item_id]
        before = [earliest(problem.item(a)) for a in item.after if a in known]
        if any(b is None for b in before):
            finish[item.item_id] = None
            return None
        start = max((b + 1 for b in before if b is not None), default=0)
        free = [problem.slot_index(s.slot_id) for s in usable_slots(problem, item)]
        free = [i for i in free if i >= start]
        if len(free) >= item.sessions:
            finish[item.item_id] = free[item.sessions - 1]
            return finish[item.item_id]
        finish[item.item_id] = None
        if item.item_id not in explained and before:
            issues.append(
                _error(
                    f"item '{item.item_id}' cannot be held: once the items it comes after are "
                    f"finished, only {len(free)} of its slots remain but it needs {item.sessions}",
                    "Agenda",
                    "after",
                    item.item_id,
                )
            )
        explained.add(item.item_id)
        return None

    for item in problem.items:
        earliest(item)
    return issues


def _funding_issues(problem: ProblemData) -> list[Issue]:
    issues = []
    budget = problem.rules.travel_budget
    for p in problem.participants:
        if not p.needs_funding:
            continue
        pid = p.participant_id
        delegation = problem.delegation(p.delegation_id)
        if not delegation.funding_eligible:
            issues.append(
                _warning(
                    f"needs funding, but delegation '{delegation.delegation_id}' is not eligible "
                    "for travel support, so this person will never be funded and will not take "
                    "part",
                    "Participants",
                    "needs_funding",
                    pid,
                )
            )
        elif p.travel_cost == 0:
            issues.append(
                _warning(
                    "needs funding but travel_cost is 0; write the travel support needed in US "
                    "dollars",
                    "Participants",
                    "travel_cost",
                    pid,
                )
            )
        elif p.travel_cost > budget:
            issues.append(
                _warning(
                    f"needs {p.travel_cost:,.0f} US dollars of travel support, more than the "
                    f"travel budget of {budget:,.0f}, so this person will never be funded and "
                    "will not take part",
                    "Participants",
                    "travel_cost",
                    pid,
                )
            )
    return issues


def _total_issues(problem: ProblemData) -> list[Issue]:
    issues = []
    wanted = sum(i.sessions for i in problem.items)
    limit = problem.rules.max_parallel_sessions
    room_slots = sum(
        min(limit, sum(1 for r in problem.rooms if s.slot_id not in r.unavailable))
        for s in problem.slots
    )
    if wanted > room_slots:
        issues.append(
            _error(
                f"the agenda needs {wanted} sessions but the meeting has room for at most "
                f"{room_slots} ({len(problem.slots)} slots, at most {limit} at a time, rooms "
                "permitting); add slots or rooms or shorten the agenda",
                "Agenda",
                "sessions",
            )
        )
    held = {p.discipline for p in problem.participants if p.discipline}
    if problem.participants:
        for item in problem.items:
            missing = [d for d in item.disciplines if d not in held]
            if item.panel_size > 0 and missing:
                issues.append(
                    _warning(
                        f"no participant has the discipline(s) {_ids(missing)}, so the panel "
                        "of this item will lack them",
                        "Agenda",
                        "disciplines",
                        item.item_id,
                    )
                )
    return issues


def capacity_issues(problem: ProblemData) -> list[Issue]:
    """Every certain shortfall of the problem, before any solve.

    Parameters
    ----------
    problem
        A validated problem.

    Returns
    -------
    list[Issue]
        Errors (no plan can exist) and warnings (some options are ruled out), with sheet,
        column and key (the record id, when one record is concerned) but no row.
    """
    explained: set[str] = set()  # items whose problem is already reported
    issues = _room_issues(problem, explained)
    issues += _order_issues(problem, explained)
    issues += _interpretation_issues(problem, explained)
    issues += _plenary_issues(problem, explained)
    issues += _funding_issues(problem)
    issues += _total_issues(problem)
    return issues
