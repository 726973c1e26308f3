"""Interpreters for a placed timetable, and a witness roster proving they suffice.

Each booth gets enough people for its busiest slot, day and week, plus some slack; a greedy
roster then staffs every interpreted session of the witness timetable under the workload
rules, adding a freelancer to a booth whenever it falls short. Unavailability is only drawn
where the roster leaves a person free, so the instance stays staffable.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections import Counter, defaultdict

from planner.domain import LANGUAGES, AgendaItem, Assignment, Interpreter, Rules, Session, Slot

# Staff cover about half of the minimum need; freelancers cover the rest and the slack.
STAFF_SHARE = 0.5


def _retour(booth: str, k: int) -> frozenset[str]:
    if booth == "ar":
        return frozenset({"en"} if k % 2 == 0 else {"fr"} if k % 4 == 1 else ())
    if booth == "zh":
        return frozenset({"en"} if k % 2 == 0 else ())
    return frozenset({"fr" if booth == "en" else "en"} if k == 0 else ())


def _interpreter(booth: str, k: int, staff_count: int, seed: int) -> Interpreter:
    # Own stream per person, so adding a colleague does not change anyone else.
    rng = random.Random(f"{seed}:interpreter:{booth}:{k}")
    staff = k < staff_count
    non_local = not staff and rng.random() < 0.35
    return Interpreter(
        interpreter_id=f"INT-{booth.upper()}-{k + 1:02d}",
        name=f"Interpreter {booth.upper()} {k + 1}",
        booth=booth,
        retour=_retour(booth, k),
        status="staff" if staff else "freelance",
        daily_rate=0.0 if staff else float(rng.randrange(650, 901, 5)),
        travel_cost=float(rng.randrange(1000, 3001, 50)) if non_local else 0.0,
        max_per_week=8 if staff and booth == "en" and k == 0 else None,
    )


def _demand(
    items: dict[str, AgendaItem],
    sessions: tuple[Session, ...],
    slots: tuple[Slot, ...],
    rules: Rules,
) -> Counter[str]:
    """People needed per booth: the busiest slot, day or week at the workload limits."""
    limit = {
        "slot": 1,
        "day": rules.interpreter_max_per_day,
        "week": rules.interpreter_max_per_week,
    }
    by: Counter[tuple[str, str, object]] = Counter()
    slot = {s.slot_id: s for s in slots}
    for s in sessions:
        item, when = items[s.item_id], slot[s.slot_id]
        if item.interpreted:
            for b in item.languages:
                for key in (("slot", when.slot_id), ("day", when.date), ("week", when.week)):
                    by[(b, *key)] += rules.team_size[b]
    need: Counter[str] = Counter()
    for (b, kind, _), n in by.items():
        need[b] = max(need[b], math.ceil(n / limit[kind]))
    return need


class _Loads:
    """Sessions per person per slot, day and week, and the days each person is paid for."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.total: Counter[str] = Counter()
        self.per: Counter[tuple[str, object]] = Counter()
        self.days: defaultdict[str, set[object]] = defaultdict(set)

    def free(self, i: Interpreter, slot: Slot) -> bool:
        iid, r = i.interpreter_id, self.rules
        day_cap = r.interpreter_max_per_day if i.max_per_day is None else i.max_per_day
        week_cap = r.interpreter_max_per_week if i.max_per_week is None else i.max_per_week
        return (
            self.per[(iid, slot.slot_id)] == 0
            and self.per[(iid, slot.date)] < day_cap
            and self.per[(iid, slot.week)] < week_cap
        )

    def cost(self, i: Interpreter, slot: Slot, balanced: bool) -> tuple[float, float, str]:
        """What one more session costs and the load so far, in the order of preference."""
        iid = i.interpreter_id
        fresh = slot.date not in self.days[iid]
        extra = i.daily_rate * fresh + i.travel_cost * (self.total[iid] == 0)
        first, second = (self.total[iid], extra) if balanced else (extra, self.total[iid])
        return (first, second, iid)

    def add(self, i: Interpreter, slot: Slot) -> None:
        iid = i.interpreter_id
        self.total[iid] += 1
        self.days[iid].add(slot.date)
        for key in (slot.slot_id, slot.date, slot.week):
            self.per[(iid, key)] += 1


def _roster(
    people: list[Interpreter],
    items: dict[str, AgendaItem],
    sessions: tuple[Session, ...],
    slots: tuple[Slot, ...],
    rules: Rules,
    balanced: bool,
) -> list[Assignment] | str:
    """A greedy roster, or the booth that fell short.

    Cheapest first packs the work on staff and on freelancers already paid for the day, which
    can leave a booth short at the end of the week; least loaded first spreads it.
    """
    order = {s.slot_id: n for n, s in enumerate(slots)}
    loads = _Loads(rules)
    out: list[Assignment] = []
    for s in sorted(sessions, key=lambda s: (order[s.slot_id], s.room_id)):
        item, slot = items[s.item_id], slots[order[s.slot_id]]
        if not item.interpreted:
            continue
        for b in item.languages:
            pool = sorted(
                (i for i in people if i.booth == b and loads.free(i, slot)),
                key=lambda i: loads.cost(i, slot, balanced),
            )
            want = rules.retour_per_team if b in rules.retour_booths else 0
            others = set(item.languages) - {b}
            retour = [i for i in pool if i.retour & others][:want]
            rest = [i for i in pool if i not in retour][: rules.team_size[b] - len(retour)]
            if len(retour) < want or len(retour) + len(rest) < rules.team_size[b]:
                return b
            for i in retour + rest:
                iid = i.interpreter_id
                out.append(Assignment(s.slot_id, s.room_id, s.item_id, b, iid, i in retour))
                loads.add(i, slot)
    return out


def build_interpreters(
    items: tuple[AgendaItem, ...],
    sessions: tuple[Session, ...],
    slots: tuple[Slot, ...],
    rules: Rules,
    slack: int,
    seed: int,
    rng: random.Random,
) -> tuple[tuple[Interpreter, ...], tuple[Assignment, ...]]:
    """Interpreters for every booth in use, and a roster staffing the witness timetable."""
    by_id = {i.item_id: i for i in items}
    need = _demand(by_id, sessions, slots, rules)
    count = {b: need[b] + slack for b in LANGUAGES if need[b]}
    while True:
        people = [
            _interpreter(b, k, math.ceil(need[b] * STAFF_SHARE), seed)
            for b, n in count.items()
            for k in range(n)
        ]
        roster = _roster(people, by_id, sessions, slots, rules, balanced=False)
        if isinstance(roster, str):
            roster = _roster(people, by_id, sessions, slots, rules, balanced=True)
        if not isinstance(roster, str):
            break
        count[roster] += 1
    return _with_days_off(people, roster, slots, rules, rng), tuple(sorted(roster))


def _with_days_off(
    people: list[Interpreter],
    roster: list[Assignment],
    slots: tuple[Slot, ...],
    rules: Rules,
    rng: random.Random,
) -> tuple[Interpreter, ...]:
    """Some people unavailable for a slot or a day, only where the roster leaves them free.

    A booth keeps at least one full team available in every slot, so that the pre-solve
    capacity checks have nothing to warn about.
    """
    busy = {(a.interpreter_id, a.slot_id) for a in roster}
    available = Counter((i.booth, s.slot_id) for i in people for s in slots)
    out = []
    for i in people:
        if rng.random() < 0.2:
            free = [
                s
                for s in slots
                if (i.interpreter_id, s.slot_id) not in busy
                and available[(i.booth, s.slot_id)] > rules.team_size[i.booth]
            ]
            # A whole day off only where both of the day's slots can be spared.
            day_off = [
                d
                for d in sorted({s.date for s in free})
                if sum(s.date == d for s in free) == sum(s.date == d for s in slots)
            ]
            if day_off and rng.random() < 0.5:
                d = rng.choice(day_off)
                off = {s.slot_id for s in slots if s.date == d}
            else:
                off = {rng.choice(free).slot_id} if free else set()
            for slot_id in off:
                available[(i.booth, slot_id)] -= 1
            i = dataclasses.replace(i, unavailable=frozenset(off))
        out.append(i)
    return tuple(out)


def comfortable_budget(
    interpreters: tuple[Interpreter, ...], roster: tuple[Assignment, ...], slots: tuple[Slot, ...]
) -> float:
    """An interpretation budget comfortably above what the witness roster costs.

    A quarter more than the roster, rounded up to 10,000 USD; but no more than engaging
    everyone on every day would cost, which would make the cap meaningless.
    """
    date = {s.slot_id: s.date for s in slots}
    by_id = {i.interpreter_id: i for i in interpreters}
    days_worked = {(a.interpreter_id, date[a.slot_id]) for a in roster}
    engaged = {iid for iid, _ in days_worked}
    cost = sum(by_id[iid].daily_rate for iid, _ in days_worked)
    cost += sum(by_id[iid].travel_cost for iid in engaged)
    most = sum(i.daily_rate * len(set(date.values())) + i.travel_cost for i in interpreters)
    budget = min(math.ceil(1.25 * cost / 10_000) * 10_000.0, math.ceil(most / 5_000) * 5_000.0)
    return max(budget, 10_000.0)
