"""Soft rules on people: panels, seats, funding priority, speaker wishes and travel cost.

Each function yields one `Penalty` row per subject with its count in the detail, and
``penalty`` = weight x count, counted exactly as the lead's shared definitions say.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from planner.check.participation import first_session
from planner.check.violation import (
    delegation_label,
    join_ids,
    money,
    participant_label,
    plural,
    where,
)
from planner.domain import AgendaItem, Participant, Penalty, Plan, ProblemData
from planner.domain.funding import (
    eligible_requests,
    funding_due,
    funding_unmet as unmet_by_delegation,
)
from planner.domain.metrics import present_delegations, takes_part


def _row(problem: ProblemData, rule: str, subject: str, detail: str, count: float) -> Penalty:
    return Penalty(rule, subject, detail, problem.rules.weight(rule) * count)


def _panels(problem: ProblemData, plan: Plan) -> Iterator[tuple[AgendaItem, list[Participant]]]:
    """Each item that wants a panel, with its distinct panelists in speaking order."""
    members: dict[str, dict[str, Participant]] = defaultdict(dict)
    for p in plan.panels:
        members[p.item_id].setdefault(p.participant_id, problem.participant(p.participant_id))
    for item in problem.items:
        if item.panel_size > 0:
            yield item, list(members[item.item_id].values())


def panel_unfilled(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each empty seat on a panel."""
    for item, panel in _panels(problem, plan):
        empty = item.panel_size - len(panel)
        if empty > 0:
            detail = (
                f"The panel of item {item.item_id} has {plural(len(panel), 'speaker')} of "
                f"{item.panel_size}: {plural(empty, 'seat')} empty"
            )
            yield _row(problem, "panel_unfilled", item.item_id, detail, empty)


def discipline_missing(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each wanted discipline held by no panelist."""
    for item, panel in _panels(problem, plan):
        held = {p.discipline for p in panel}
        missing = [d for d in dict.fromkeys(item.disciplines) if d not in held]
        if missing:
            detail = f"No panelist of item {item.item_id} works in {', '.join(missing)}"
            yield _row(problem, "discipline_missing", item.item_id, detail, len(missing))


def region_diversity(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each regional group short of min(panel_size, 5) distinct groups on a panel."""
    for item, panel in _panels(problem, plan):
        groups = {problem.delegation(p.delegation_id).regional_group for p in panel} - {None}
        wanted = min(item.panel_size, 5)
        short = wanted - len(groups)
        if short > 0:
            detail = (
                f"The panel of item {item.item_id} draws on {plural(len(groups), 'regional group')}"
                f" ({', '.join(sorted(g for g in groups if g)) or 'none'}); {wanted} wanted"
            )
            yield _row(problem, "region_diversity", item.item_id, detail, short)


def gender_balance(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each person beyond a difference of one between women and men on a panel."""
    for item, panel in _panels(problem, plan):
        women = sum(p.gender == "f" for p in panel)
        men = sum(p.gender == "m" for p in panel)
        excess = abs(women - men) - 1
        if excess > 0:
            detail = f"The panel of item {item.item_id} has {women} women and {men} men"
            yield _row(problem, "gender_balance", item.item_id, detail, excess)


def speaker_preference(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each panelist who did not ask to speak while someone who asked was available: the
    smaller of the two numbers per panel."""
    for item, panel in _panels(problem, plan):
        unasked = [p.participant_id for p in panel if item.item_id not in p.speaks_on]
        first = first_session(problem, plan, item.item_id)
        on_panel = {p.participant_id for p in panel}
        day = problem.slot(first.slot_id).date if first else None
        waiting = [
            p.participant_id
            for p in problem.participants
            if item.item_id in p.speaks_on
            and p.participant_id not in on_panel
            and day is not None
            and takes_part(problem, plan, p, day)
        ]
        count = min(len(unasked), len(waiting))
        if count > 0:
            detail = (
                f"The panel of item {item.item_id} includes "
                f"{join_ids(participant_label(problem, pid) for pid in unasked)}, who did not ask "
                f"to speak on it, while "
                f"{join_ids(participant_label(problem, pid) for pid in waiting)} asked and could"
            )
            yield _row(problem, "speaker_preference", item.item_id, detail, count)


def delegation_unseated(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each delegation present that day with no seat holder in a session."""
    seated: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for seat in plan.seats:
        did = problem.participant(seat.participant_id).delegation_id
        seated[(seat.slot_id, seat.room_id, seat.item_id)].add(did)
    present: dict[dt.date, frozenset[str]] = {}
    for s in sorted(plan.sessions, key=lambda s: (problem.slot_index(s.slot_id), s.room_id)):
        day = problem.slot(s.slot_id).date
        if day not in present:
            present[day] = present_delegations(problem, plan, day)
        missing = sorted(present[day] - seated[(s.slot_id, s.room_id, s.item_id)])
        if missing:
            detail = (
                f"{where(problem, s.slot_id, s.room_id)}, item {s.item_id}: "
                f"{plural(len(missing), 'present delegation')} without a seat: "
                f"{join_ids(delegation_label(problem, did) for did in missing)}"
            )
            subject = f"{s.slot_id}/{s.room_id}/{s.item_id}"
            yield _row(problem, "delegation_unseated", subject, detail, len(missing))


def discipline_mismatch(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each seat held outside the wanted disciplines while a delegation colleague with a wanted
    discipline, in person and there that day, holds no seat in the session."""
    members: dict[str, list[Participant]] = defaultdict(list)
    for p in problem.participants:
        members[p.delegation_id].append(p)
    sessions = {(s.slot_id, s.room_id, s.item_id) for s in plan.sessions}
    holders: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for seat in plan.seats:
        if (seat.slot_id, seat.room_id, seat.item_id) in sessions:
            holders[(seat.slot_id, seat.room_id, seat.item_id)].add(seat.participant_id)
    for (slot_id, room_id, item_id), people in sorted(holders.items()):
        wanted = set(problem.item(item_id).disciplines)
        day = problem.slot(slot_id).date
        for pid in sorted(people):
            holder = problem.participant(pid)
            if not wanted or holder.discipline in wanted:
                continue
            free = [
                c.participant_id
                for c in members[holder.delegation_id]
                if c.in_person
                and c.discipline in wanted
                and c.participant_id not in people
                and takes_part(problem, plan, c, day)
            ]
            if free:
                detail = (
                    f"{where(problem, slot_id, room_id)}, item {item_id}: "
                    f"{participant_label(problem, pid)} ({holder.discipline or 'no discipline'}) "
                    f"holds a seat of {delegation_label(problem, holder.delegation_id)} while "
                    f"{join_ids(participant_label(problem, c) for c in free)} "
                    "(wanted discipline) holds none"
                )
                yield _row(problem, "discipline_mismatch", f"{slot_id}/{pid}", detail, 1)


def funding_priority(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each funded person from a non-LDC delegation while an LDC request that could still be
    funded (eligible delegation below its limit) is not."""
    funded_per_delegation: dict[str, int] = defaultdict(int)
    for pid in plan.funded:
        funded_per_delegation[problem.participant(pid).delegation_id] += 1
    limit = problem.rules.max_funded_per_delegation
    waiting = [
        p.participant_id
        for p in problem.participants
        if p.needs_funding
        and p.participant_id not in plan.funded
        and problem.delegation(p.delegation_id).ldc
        and problem.delegation(p.delegation_id).funding_eligible
        and funded_per_delegation[p.delegation_id] < limit
    ]
    if not waiting:
        return
    for pid in sorted(plan.funded):
        did = problem.participant(pid).delegation_id
        if not problem.delegation(did).ldc:
            detail = (
                f"{participant_label(problem, pid)} of {delegation_label(problem, did)} (not a "
                f"least developed country) is funded while the request of "
                f"{join_ids(participant_label(problem, w) for w in waiting)} is not"
            )
            yield _row(problem, "funding_priority", pid, detail, 1)


def funding_unmet(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Per eligible delegation: min(max_funded_per_delegation, its requests) minus its funded
    people."""
    due = funding_due(problem)
    requests = eligible_requests(problem)
    for did, short in sorted(unmet_by_delegation(problem, plan.funded).items()):
        waiting = [p.participant_id for p in requests[did] if p.participant_id not in plan.funded]
        have = plural(due[did] - short, "funded person", "funded people")
        detail = (
            f"{delegation_label(problem, did)}: {have} of {due[did]} (its "
            f"{plural(len(requests[did]), 'request')}, at most "
            f"{problem.rules.max_funded_per_delegation} per delegation); not funded: "
            f"{join_ids(participant_label(problem, w) for w in waiting)}"
        )
        yield _row(problem, "funding_unmet", did, detail, short)


def travel_cost(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each US dollar of funded travel, one row per funded participant."""
    for pid in sorted(plan.funded):
        cost = problem.participant(pid).travel_cost
        if cost > 0:
            detail = f"{participant_label(problem, pid)}: travel support of {money(cost)}"
            yield _row(problem, "travel_cost", pid, detail, cost)
